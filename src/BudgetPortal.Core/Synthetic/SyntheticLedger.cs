using BudgetPortal.Core.Documents;

namespace BudgetPortal.Core.Synthetic;

/// <summary>A 项 of functional classification and what it pays, in whole 元 (multiples of 100 元, so exact in 万元 too).</summary>
public sealed record LedgerItem(string Code, long Personnel, long Public, long Project)
{
    public long Total => Personnel + Public + Project;
}

public sealed record LedgerProject(string Unit, string Name, string ItemCode, long Amount);

/// <summary>What one unit of the department spends (for tables by unit).</summary>
public sealed record LedgerUnit(UnitInfo Unit, long Personnel, long Public, long Project)
{
    public long Total => Personnel + Public + Project;
}

/// <summary>An economic classification 款 and its amount of basic expenditure and of project expenditure.</summary>
public sealed record LedgerEconomic(SyntheticCatalog.EconomicItem Item, long Basic, long Project);

/// <summary>
/// One department's money for one year, the single source every table of a synthetic disclosure is filled from
/// (<see cref="TableSetFiller"/>): its functional 项 with personnel, running and project amounts, its projects, its units,
/// the economic split and the "三公" items. Everything is paid from the general public budget (一般公共预算); amounts are
/// whole multiples of 100 元, so that every table states them exactly whether it prints 元 or 万元 with two decimals.
/// </summary>
public sealed record SyntheticLedger(
    string Department,
    DepartmentKind Kind,
    IReadOnlyList<UnitInfo> Units,
    IReadOnlyList<LedgerItem> Items,
    IReadOnlyList<LedgerProject> Projects,
    IReadOnlyList<LedgerUnit> ByUnit,
    IReadOnlyList<LedgerEconomic> Economic,
    IReadOnlyDictionary<string, long> ThreePublic)
{
    public long Personnel => Items.Sum(i => i.Personnel);
    public long Public => Items.Sum(i => i.Public);
    public long Project => Items.Sum(i => i.Project);
    public long Total => Items.Sum(i => i.Total);

    /// <summary>
    /// The ledger of a department of <paramref name="kind"/> for <paramref name="year"/>. <paramref name="seed"/> fixes
    /// what stays from year to year (its items, projects, size); the year varies the amounts (growth and noise).
    /// </summary>
    public static SyntheticLedger Create(DepartmentKind kind, string department, IReadOnlyList<UnitInfo> units, int seed, int year)
    {
        var fixedRandom = new Random(seed);
        var random = new Random(HashCode.Combine(seed, year));
        // Size: from a small office (2 million 元) to a large bureau (200 million), growing about 4 % a year.
        var size = (long)(2_000_000 * Math.Pow(100, fixedRandom.NextDouble()) * (1 + 0.04 * (year - 2019)) * (0.95 + 0.1 * random.NextDouble()));
        var running = kind.Items.Where(c => !SyntheticCatalog.IsProjectItem(c)).ToList();
        var projectItems = kind.Items.Where(SyntheticCatalog.IsProjectItem).ToList();

        var personnelRun = Hundreds(size * 0.3);
        var items = new List<LedgerItem>();
        foreach (var (code, i) in running.Select((c, i) => (c, i)))
        {
            var share = i == 0 ? 1.0 : 0.3;
            items.Add(new LedgerItem(code, Hundreds(personnelRun * share), Hundreds(size * 0.07 * share), 0));
        }

        foreach (var (code, share) in SyntheticCatalog.CommonItems.Zip([0.12, 0.05, 0.06, 0.08]))
        {
            items.Add(new LedgerItem(code, Hundreds(personnelRun * share * (0.9 + 0.2 * random.NextDouble())), 0, 0));
        }

        // Projects: two to five of the kind's, each paid from one of its project 项, each carried out by one unit.
        var projectCount = Math.Min(kind.Projects.Count, 2 + fixedRandom.Next(4));
        var projects = new List<LedgerProject>();
        for (var p = 0; p < projectCount; p++)
        {
            var item = projectItems.Count > 0 ? projectItems[p % projectItems.Count] : running[0];
            var unit = units[(p + fixedRandom.Next(units.Count)) % units.Count].Name;
            projects.Add(new LedgerProject(unit, kind.Projects[p], item, Hundreds(size * (0.05 + 0.25 * random.NextDouble()))));
        }

        // Words the search must find however the data grows: one that older years have everywhere and recent ones never
        // (the pandemic stockpile of 2019–2020), one that few departments have at all.
        var target = projectItems.Count > 0 ? projectItems[0] : running[0];
        if (year <= 2020)
        {
            projects.Add(new LedgerProject(units[0].Name, "疫情防控物资储备", target, Hundreds(size * 0.02)));
        }

        if (seed % 397 == 0)
        {
            projects.Add(new LedgerProject(units[0].Name, "档案数字化试点", target, Hundreds(size * 0.01)));
        }

        foreach (var group in projects.GroupBy(p => p.ItemCode))
        {
            var at = items.FindIndex(i => i.Code == group.Key);
            var amount = group.Sum(p => p.Amount);
            if (at < 0)
            {
                items.Add(new LedgerItem(group.Key, 0, 0, amount));
            }
            else
            {
                items[at] = items[at] with { Project = items[at].Project + amount };
            }
        }

        items = [.. items.Where(i => i.Total > 0).OrderBy(i => i.Code, StringComparer.Ordinal)];
        var personnel = items.Sum(i => i.Personnel);
        var publicFunds = items.Sum(i => i.Public);

        // Units: the basic expenditure shared by weight (本级 the most), each unit's own projects.
        var weights = units.Select((_, i) => i == 0 ? 3.0 : 0.5 + random.NextDouble()).ToList();
        var unitPersonnel = Split(personnel, weights);
        var unitPublic = Split(publicFunds, weights);
        var byUnit = units.Select((u, i) => new LedgerUnit(u, unitPersonnel[i], unitPublic[i], projects.Where(p => p.Unit == u.Name).Sum(p => p.Amount))).ToList();

        // Economic classification: personnel, running costs and projects each spread over their own 款.
        var economic = new List<LedgerEconomic>();
        foreach (var nature in new[] { SpendingNature.Personnel, SpendingNature.Public, SpendingNature.Project })
        {
            var codes = SyntheticCatalog.Economic.Where(e => e.Nature == nature).ToList();
            var total = nature switch { SpendingNature.Personnel => personnel, SpendingNature.Public => publicFunds, _ => items.Sum(i => i.Project) };
            var parts = Split(total, [.. codes.Select(_ => 0.2 + random.NextDouble())]);
            economic.AddRange(codes.Select((e, i) => new LedgerEconomic(e, nature == SpendingNature.Project ? 0 : parts[i], nature == SpendingNature.Project ? parts[i] : 0)));
        }

        economic = [.. economic.Where(e => e.Basic + e.Project > 0)];
        var vehicleOperation = Hundreds(publicFunds * 0.04);
        var threePublic = new Dictionary<string, long>
        {
            ["abroad"] = fixedRandom.Next(4) == 0 ? Hundreds(publicFunds * 0.02) : 0,
            ["reception"] = Hundreds(publicFunds * 0.01 * (0.5 + random.NextDouble())),
            ["vehicle_operation"] = vehicleOperation,
            ["vehicle_purchase"] = random.Next(6) == 0 ? 180_000 : 0,
        };
        return new SyntheticLedger(department, kind, units, items, projects, byUnit, economic, threePublic);
    }

    /// <summary>Rounded to whole hundreds of 元 (0.01 万元), at least 100 元.</summary>
    private static long Hundreds(double yuan) => Math.Max(1, (long)Math.Round(yuan / 100)) * 100;

    /// <summary>A total (multiple of 100) split by weight into multiples of 100 that add up to it exactly.</summary>
    private static List<long> Split(long total, IReadOnlyList<double> weights)
    {
        var sum = weights.Sum();
        var parts = weights.Select(w => (long)Math.Floor(total / 100 * w / sum) * 100).ToList();
        if (parts.Count > 0)
        {
            parts[0] += total - parts.Sum();
        }

        return parts;
    }
}
