using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using BudgetPortal.Core.Checks;
using BudgetPortal.Core.Checks.Narrative;
using BudgetPortal.Core.CodeLists;
using BudgetPortal.Core.Documents;
using BudgetPortal.Core.Figures;
using BudgetPortal.Core.Synthetic;
using BudgetPortal.Core.TableSets;
using BudgetPortal.Web.Checks;
using BudgetPortal.Web.Hosting;
using BudgetPortal.Web.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace BudgetPortal.Web.Data.Seeding;

/// <summary>
/// Generates published disclosures for scale tests (<c>Portal:SyntheticDisclosures</c>) from the table sets in the database,
/// not from any reference document: twenty provinces, fifty cities each, in each city one department of every kind of
/// <see cref="SyntheticCatalog.Kinds"/> (its own functional classes, units and projects), years 2019–2025. Each
/// disclosure's tables are filled from that department's ledger for the year by <see cref="TableSetFiller"/>, so they
/// are consistent by construction; a set is used only if a sample filled from it passes its own checks with no
/// 不一致 (the log names the sets used and why others are not). Tables print 元 or 万元 as each set says. The check
/// report and key figures of each version are computed here and stored in <c>version_summaries</c>, so that lists never
/// compute them on a visitor's request; the search's gram indexes fill as the rows are written. Everything is written
/// with PostgreSQL binary COPY, batch by batch, province after province, oldest year first (newest rows have the highest
/// ids, as real publication gives them).
/// </summary>
public sealed class SyntheticData(
    PortalDbContext db, ILogger<SyntheticData> logger, TimeProvider clock, TableSetStore tableSets, CodeListCatalog codeLists, ContentStamp content)
{
    public const int FirstYear = 2019;
    public const int Years = 7;
    public const int CitiesPerProvince = 50;
    private const int Batch = 2_000;
    private static readonly string[] CitySuffixes = ["", "阳", "山", "江", "平"];

    /// <summary>The sets a generated disclosure may be made from, by kind, that filled from a sample ledger pass their checks.</summary>
    public async Task<Dictionary<DisclosureKind, List<(TableSetDefinition Set, int Id)>>> UsableSetsAsync(CancellationToken ct)
    {
        var book = (await codeLists.CurrentAsync(db, ct)).Book;
        var latest = await db.TableSets.AsNoTracking().GroupBy(s => s.Code).Select(g => g.OrderByDescending(s => s.Version).First().Id).ToListAsync(ct);
        var usable = new Dictionary<DisclosureKind, List<(TableSetDefinition, int)>> { [DisclosureKind.Budget] = [], [DisclosureKind.Final] = [] };
        foreach (var id in latest.Order())
        {
            var set = await tableSets.LoadVersionAsync(id, ct);
            if (set is null)
            {
                continue;
            }

            var kind = DisclosureMapper.ParseKind(set.Kind);
            var probe = Build(set, SyntheticCatalog.Kinds[1], "样例市卫生健康委员会", [new UnitInfo { Code = "901001", Name = "样例市卫生健康委员会本级", Kind = "行政单位" }, new UnitInfo { Code = "901002", Name = "样例市疾病预防控制中心", Kind = "事业单位" }],
                1, 2023, kind, "probe", ["样例省", "样例市"], book);
            if (probe.Problems.Count > 0 || probe.Report.Errors > 0)
            {
                var why = probe.Problems.Concat(probe.Report.Findings.Where(f => f.Severity == Severity.Error).Select(f => $"{f.Rule} {f.Table} {f.Row} {f.Column}")).Take(3);
                logger.LogInformation("Synthetic data: table set {Set} not used ({Why})", set.Code, string.Join("; ", why));
                continue;
            }

            usable[kind].Add((set, id));
        }

        return usable;
    }

    /// <summary>
    /// A filled disclosure and its check report, as <c>DisclosureCheckService</c> computes it: against the same year's
    /// budget for a final account (the previous year's cross check reads narrative the generator does not write).
    /// </summary>
    public static (DisclosureDocument Document, IReadOnlyList<string> Problems, CheckReport Report) Build(
        TableSetDefinition set, DepartmentKind kind, string department, IReadOnlyList<UnitInfo> units, int seed, int year, DisclosureKind disclosureKind,
        string slug, List<string> region, CodeBook book, DisclosureDocument? budget = null)
    {
        var codes = book.For(year, region);
        var ledger = SyntheticLedger.Create(kind, department, units, seed, year);
        var title = disclosureKind == DisclosureKind.Budget ? $"{department}{year}年部门预算" : $"{department}{year}年度部门决算";
        var header = new DisclosureDocument
        {
            Slug = slug, Title = title, Region = region, Year = year, Kind = DisclosureMapper.KindCode(disclosureKind),
            Department = new DepartmentInfo { Name = department, Units = [.. units] },
        };
        var filled = TableSetFiller.Fill(set, ledger, codes, header);
        var report = CheckEngine.Run(filled.Document, set.Requirements(), set.Rules, codes, budget, set);
        if (budget is not null)
        {
            report = new CheckReport([.. report.Findings, .. CrossDocumentChecks.AgainstBudget(filled.Document, budget)]);
        }

        return (filled.Document, filled.Problems, report);
    }

    public async Task<int> GenerateAsync(int target, string referenceFolder, CancellationToken ct)
    {
        _ = referenceFolder;
        var existing = await db.Disclosures.CountAsync(ct);
        if (existing >= target)
        {
            return 0;
        }

        var clockStart = Stopwatch.StartNew();
        var usable = await UsableSetsAsync(ct);
        if (usable[DisclosureKind.Budget].Count == 0)
        {
            throw new InvalidOperationException("没有可用于生成合成数据的预算表套（见日志）。");
        }

        var kinds = usable.Where(kv => kv.Value.Count > 0).Select(kv => kv.Key).ToList();
        logger.LogInformation("Synthetic data from table sets: {Sets}", string.Join(", ", usable.SelectMany(kv => kv.Value).Select(s => $"{s.Set.Code} ({s.Set.Tables.Select(t => t.Unit).Distinct().Count()} 种单位)")));
        var book = (await codeLists.CurrentAsync(db, ct)).Book;
        var stampRules = $"{VersionSummaryStore.Format}:{await content.RulesAsync(ct)}";
        var perDepartment = Years * kinds.Count;
        var perProvince = CitiesPerProvince * SyntheticCatalog.Kinds.Count;
        // A target of 1,000 or more (the 5 reference disclosures included) fills whole provinces (1,050 departments
        // each, oldest year first), so that the first province's overview has its 1,000+ departments at every size
        // (bench/perf.sh: at 1,000 they are its 2019 budgets); a smaller one (tests) gives fewer departments all their years.
        var wanted = target - existing;
        var departmentsNeeded = target >= 1_000
            ? (wanted + perProvince * perDepartment - 1) / (perProvince * perDepartment) * perProvince
            : (wanted + perDepartment - 1) / perDepartment;

        // Regions and departments through EF (a few thousand rows, one transaction), then the bulk province by province.
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        var provinces = (await db.Regions.Where(r => r.ParentId == null).ToListAsync(ct)).DistinctBy(r => r.Name).ToDictionary(r => r.Name);
        var departments = new List<(Department Department, DepartmentKind Kind, List<UnitInfo> Units, int Seed, int Province)>();
        var firstProvince = await db.Regions.CountAsync(r => r.ParentId == null && SyntheticCatalog.Provinces.Contains(r.Name), ct);
        await using (var transaction = await db.Database.BeginTransactionAsync(ct))
        {
            for (var n = 0; departments.Count < departmentsNeeded; n++)
            {
                var provinceNumber = firstProvince + n / CitiesPerProvince;
                var provinceName = SyntheticCatalog.Provinces[provinceNumber % SyntheticCatalog.Provinces.Count] + (provinceNumber >= SyntheticCatalog.Provinces.Count ? $"（{provinceNumber / SyntheticCatalog.Provinces.Count + 1}）" : "");
                var cityIndex = n % CitiesPerProvince;
                var city = SyntheticCatalog.Cities[cityIndex % SyntheticCatalog.Cities.Count] + CitySuffixes[cityIndex / SyntheticCatalog.Cities.Count % CitySuffixes.Length] + "市";
                if (!provinces.TryGetValue(provinceName, out var province))
                {
                    province = db.Regions.Add(new Region { Name = provinceName, Level = RegionLevel.Province }).Entity;
                    provinces.Add(provinceName, province);
                }

                var cityRegion = new Region { Name = city, Level = RegionLevel.City, Parent = province };
                db.Add(cityRegion);
                foreach (var (kind, k) in SyntheticCatalog.Kinds.Select((kind, k) => (kind, k)).Take(departmentsNeeded - departments.Count))
                {
                    var seed = HashCode.Combine(provinceNumber, cityIndex, k);
                    var units = UnitsOf(kind, k, city);
                    var department = new Department { Name = $"{city}{kind.Name}", Code = units[0].Code![..3], Region = cityRegion };
                    foreach (var unit in units)
                    {
                        department.Units.Add(new BudgetUnit { Code = unit.Code, Name = unit.Name, Kind = unit.Kind });
                    }

                    db.Departments.Add(department);
                    departments.Add((department, kind, units, seed, provinceNumber));
                }

                if (n % 20 == 19)
                {
                    await db.SaveChangesAsync(ct);
                }
            }

            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
        }

        var regionNames = await db.Regions.AsNoTracking().ToDictionaryAsync(r => r.Id, r => (r.Name, r.ParentId), ct);
        List<string> Trail(int regionId)
        {
            var trail = new List<string>();
            for (int? id = regionId; id is { } i && regionNames.TryGetValue(i, out var r); id = r.ParentId)
            {
                trail.Insert(0, r.Name);
            }

            return trail;
        }

        // The plan: province after province, oldest year first, a department's budget before its final account.
        var now = clock.GetUtcNow();
        var kindIndex = SyntheticCatalog.Kinds.Select((kind, k) => (kind, k)).ToDictionary(x => x.kind, x => x.k);
        var plan = new List<Planned>();
        foreach (var province in departments.GroupBy(d => d.Province))
        {
            for (var year = FirstYear; year < FirstYear + Years; year++)
            {
                foreach (var kind in kinds)
                {
                    foreach (var d in province)
                    {
                        if (existing + plan.Count >= target)
                        {
                            break;
                        }

                        var sets = usable[kind];
                        var (set, setId) = sets[Math.Abs(d.Seed) % sets.Count];
                        var kindCode = kind == DisclosureKind.Budget ? "budget" : "final";
                        var trail = Trail(d.Department.RegionId);
                        var codes = book.For(year, trail);
                        var codesKey = string.Join(",", codes.Lists.Select(System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode));
                        var budgetSet = usable[DisclosureKind.Budget][Math.Abs(d.Seed) % usable[DisclosureKind.Budget].Count].Id;
                        var key = new TemplateKey(setId, kind == DisclosureKind.Final ? budgetSet : 0, kindIndex[d.Kind], year, kind, d.Seed % 397 == 0, codesKey);
                        plan.Add(new Planned($"s{d.Department.Id}-{year}-{kindCode}", d.Department, d.Kind, d.Units, d.Seed, year, kind, set, setId, trail, key, CityOf(d.Department.Name, d.Kind)));
                    }
                }
            }
        }

        // What is per disclosure is cheap: the tables, checks and key figures of a (table set, kind of department, year,
        // budget or final, rare search word, code lists) are filled and checked once, as a template with a placeholder city,
        // and each disclosure is that template with its own city's name in every text (decision 0360).
        var templates = new Dictionary<TemplateKey, Template>();
        var budgetVersions = new Dictionary<(int Department, int Year), int>();
        var templateTime = TimeSpan.Zero;
        var writeTime = TimeSpan.Zero;
        var gramIndexes = plan.Count >= 5_000 ? await DropGramIndexesAsync(connection, ct) : [];
        var written = 0;
        try
        {
            foreach (var chunk in plan.Chunk(Batch))
            {
                var phase = Stopwatch.StartNew();
                BuildTemplates(templates, chunk, usable, book, ct);
                var built = new (DisclosureDocument Document, CheckReport Report, string Figures)[chunk.Length];
                Parallel.For(0, chunk.Length, new ParallelOptions { CancellationToken = ct }, i =>
                {
                    var p = chunk[i];
                    var template = templates[p.Key];
                    built[i] = (Instantiate(template.Document, p.Slug, p.City, p.Region), template.Report, template.Figures);
                });
                templateTime += phase.Elapsed;
                phase.Restart();

                await using var transaction = await db.Database.BeginTransactionAsync(ct);
                await WriteBatchAsync(connection, chunk, built, stampRules, budgetVersions, now, ct);
                await transaction.CommitAsync(ct);
                written += chunk.Length;
                writeTime += phase.Elapsed;
            }
        }
        finally
        {
            foreach (var definition in gramIndexes)
            {
                await using var create = new NpgsqlCommand($"SET maintenance_work_mem = '512MB'; {definition}", connection) { CommandTimeout = 0 };
                await create.ExecuteNonQueryAsync(CancellationToken.None);
            }
        }

        // Fresh statistics, so that the planner sees the bulk at once rather than after autovacuum gets to it.
        await using (var analyze = new NpgsqlCommand("ANALYZE", connection))
        {
            analyze.CommandTimeout = 600;
            await analyze.ExecuteNonQueryAsync(ct);
        }

        logger.LogInformation("Generated {Count} synthetic disclosures for {Departments} departments in {Seconds:0.0} s ({Rate:0} a second; {Templates} templates, filling and checking {Fill:0.0} s, writing {Write:0.0} s)",
            written, departments.Count, clockStart.Elapsed.TotalSeconds, written / Math.Max(0.001, clockStart.Elapsed.TotalSeconds), templates.Count,
            templateTime.TotalSeconds, writeTime.TotalSeconds);
        return written;
    }

    private static async Task<List<string>> DropGramIndexesAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        var definitions = new List<(string Name, string Definition)>();
        await using (var read = new NpgsqlCommand("SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' AND indexname LIKE '%\\_grams'", connection))
        await using (var reader = await read.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                definitions.Add((reader.GetString(0), reader.GetString(1)));
            }
        }

        foreach (var (name, _) in definitions)
        {
            await using var drop = new NpgsqlCommand($"DROP INDEX IF EXISTS \"{name}\"", connection);
            await drop.ExecuteNonQueryAsync(ct);
        }

        return [.. definitions.Select(d => d.Definition)];
    }

    private sealed record Planned(
        string Slug, Department Department, DepartmentKind Kind, List<UnitInfo> Units, int Seed, int Year, DisclosureKind DisclosureKind,
        TableSetDefinition Set, int SetId, List<string> Region, TemplateKey Key, string City);

    /// <summary>
    /// What makes two generated disclosures the same but for their city: the table set (and, for a final account, the
    /// set of the budget it is checked against), the kind of department, the year, budget or final, whether the
    /// department has the rare search word, and the code lists its region reads.
    /// </summary>
    private sealed record TemplateKey(int SetId, int BudgetSetId, int Kind, int Year, DisclosureKind DisclosureKind, bool Rare, string Codes);

    private sealed record Template(DisclosureDocument Document, CheckReport Report, string Figures);

    /// <summary>The city that stands for every generated city in a template; replaced in every text of a disclosure.</summary>
    private const string PlaceholderCity = "样板市";

    /// <summary>A department's units: 本级 and, by the kind's position in the catalog, one to all of its subordinate units.</summary>
    private static List<UnitInfo> UnitsOf(DepartmentKind kind, int k, string city)
    {
        var name = $"{city}{kind.Name}";
        var code = (101 + k).ToString(CultureInfo.InvariantCulture);
        var units = new List<UnitInfo> { new() { Code = code + "001", Name = $"{name}本级", Kind = "行政单位" } };
        units.AddRange(kind.Units.Take(1 + k % Math.Max(1, kind.Units.Count)).Select((u, i) =>
            new UnitInfo { Code = code + (i + 2).ToString("000", CultureInfo.InvariantCulture), Name = $"{city}{u}", Kind = "事业单位" }));
        return units;
    }

    private static string CityOf(string departmentName, DepartmentKind kind) => departmentName[..^kind.Name.Length];

    /// <summary>Fills and checks the templates <paramref name="keys"/> need that are not built yet: budgets first (a final is checked against its budget).</summary>
    private static void BuildTemplates(
        Dictionary<TemplateKey, Template> templates, Planned[] chunk, Dictionary<DisclosureKind, List<(TableSetDefinition Set, int Id)>> usable,
        CodeBook book, CancellationToken ct)
    {
        // A region trail of each key's code lists (the same lists whichever of its disclosures gives it).
        var trails = new Dictionary<(string Codes, int Year), List<string>>();
        foreach (var p in chunk)
        {
            trails.TryAdd((p.Key.Codes, p.Year), p.Region);
        }

        var missing = chunk.Select(p => p.Key).Distinct().Where(k => !templates.ContainsKey(k)).ToList();
        var budgets = missing.Where(k => k.DisclosureKind == DisclosureKind.Final).Select(k => k with { SetId = k.BudgetSetId, BudgetSetId = 0, DisclosureKind = DisclosureKind.Budget })
            .Concat(missing.Where(k => k.DisclosureKind == DisclosureKind.Budget)).Distinct().Where(k => !templates.ContainsKey(k)).ToList();
        foreach (var group in new[] { budgets, missing.Where(k => k.DisclosureKind == DisclosureKind.Final).ToList() })
        {
            var built = new Template[group.Count];
            Parallel.For(0, group.Count, new ParallelOptions { CancellationToken = ct }, i =>
            {
                var key = group[i];
                var kind = SyntheticCatalog.Kinds[key.Kind];
                var set = usable[key.DisclosureKind].First(s => s.Id == key.SetId).Set;
                var units = UnitsOf(kind, key.Kind, PlaceholderCity);
                // The ledger's seed: what a real department's seed decides (size, projects) fixed per kind and set; the rare
                // word (档案数字化试点) where the department has it, i.e. a seed that 397 divides.
                var seed = key.Rare ? 397 * (1 + key.Kind) : 1 + 7919 * key.Kind + 31 * key.SetId;
                seed += !key.Rare && seed % 397 == 0 ? 1 : 0;
                var region = trails[(key.Codes, key.Year)];
                var budget = key.DisclosureKind == DisclosureKind.Final
                    ? templates[key with { SetId = key.BudgetSetId, BudgetSetId = 0, DisclosureKind = DisclosureKind.Budget }].Document
                    : null;
                // The narrative rules' regular expressions time out after a second: on a starved machine, try again.
                for (var attempt = 1; ; attempt++)
                {
                    try
                    {
                        var (document, _, report) = Build(set, kind, $"{PlaceholderCity}{kind.Name}", units, seed, key.Year, key.DisclosureKind, "template", region, book, budget);
                        built[i] = new Template(document, report, JsonSerializer.Serialize(KeyFigures.From(document)));
                        break;
                    }
                    catch (System.Text.RegularExpressions.RegexMatchTimeoutException) when (attempt < 5)
                    {
                    }
                }
            });
            for (var i = 0; i < group.Count; i++)
            {
                templates[group[i]] = built[i];
            }
        }
    }

    /// <summary>A template with a disclosure's slug, region and city: every text naming the placeholder city names this one.</summary>
    private static DisclosureDocument Instantiate(DisclosureDocument template, string slug, string city, List<string> region)
    {
        string Name(string text) => text.Contains(PlaceholderCity, StringComparison.Ordinal) ? text.Replace(PlaceholderCity, city, StringComparison.Ordinal) : text;
        string? Maybe(string? text) => text is null ? null : Name(text);
        RowDocument Row(RowDocument row) =>
            row.Cells.Any(c => c.Text?.Contains(PlaceholderCity, StringComparison.Ordinal) == true) || row.Name?.Contains(PlaceholderCity, StringComparison.Ordinal) == true
                || row.Project?.Contains(PlaceholderCity, StringComparison.Ordinal) == true
                ? row with { Name = Maybe(row.Name), Project = Maybe(row.Project), Cells = [.. row.Cells.Select(c => c.Text is { } t ? CellValue.Of(Name(t)) : c)] }
                : row;
        return template with
        {
            Slug = slug,
            Title = Name(template.Title),
            Region = region,
            Department = template.Department with { Name = Name(template.Department.Name), Units = [.. template.Department.Units.Select(u => u with { Name = Name(u.Name) })] },
            Tables = [.. template.Tables.Select(t => t with { Title = Name(t.Title), Rows = [.. t.Rows.Select(Row)] })],
            Sections = [.. template.Sections.Select(s => s with { Title = Name(s.Title), Body = Name(s.Body) })],
        };
    }

    private static async Task WriteBatchAsync(
        NpgsqlConnection connection, Planned[] plan, (DisclosureDocument Document, CheckReport Report, string Figures)[] built, string stampRules,
        Dictionary<(int Department, int Year), int> budgets, DateTimeOffset now, CancellationToken ct)
    {
        var ids = new IdRanges(connection);
        await ids.LoadAsync(ct);
        var disclosureIds = plan.Select(_ => ids.Next("disclosures")).ToArray();
        var versionIds = plan.Select(_ => ids.Next("disclosure_versions")).ToArray();
        await using (var writer = await Import(connection, "COPY disclosures (id, slug, department_id, year, kind, title, table_set_id) FROM STDIN (FORMAT BINARY)", ct))
        {
            for (var i = 0; i < plan.Length; i++)
            {
                await TableBulkWriter.RowAsync(writer, ct, disclosureIds[i], plan[i].Slug, plan[i].Department.Id, plan[i].Year, plan[i].DisclosureKind.ToString(), built[i].Document.Title, plan[i].SetId);
            }

            await writer.CompleteAsync(ct);
        }

        await using (var writer = await Import(connection, "COPY disclosure_versions (id, disclosure_id, number, status, approved_on, published_at, created_at) FROM STDIN (FORMAT BINARY)", ct))
        {
            for (var i = 0; i < plan.Length; i++)
            {
                var d = plan[i];
                var approved = new DateOnly(d.DisclosureKind == DisclosureKind.Budget ? d.Year : d.Year + 1, d.DisclosureKind == DisclosureKind.Budget ? 1 : 7, 10 + (d.Department.Id % 15));
                // Published 5–20 days after approval (预算法 §14), one in 17 late by 10–20 days more; 09:00 Beijing time.
                var days = 5 + ((disclosureIds[i] * 7) % 16) + ((d.Department.Id + d.Year) % 17 == 0 ? 10 + (disclosureIds[i] % 11) : 0);
                var published = new DateTimeOffset(approved.AddDays(days).ToDateTime(new TimeOnly(1, 0)), TimeSpan.Zero);
                published = published < now ? published : now;
                await TableBulkWriter.RowAsync(writer, ct, versionIds[i], disclosureIds[i], 1, nameof(VersionStatus.Published), approved, published, published);
            }

            await writer.CompleteAsync(ct);
        }

        await TableBulkWriter.WriteAsync(connection, ids.Next, [.. plan.Select((_, i) => (versionIds[i], built[i].Document.Tables))], ct);
        await using (var writer = await Import(connection, "COPY narrative_sections (id, version_id, ordinal, key, title, body) FROM STDIN (FORMAT BINARY)", ct))
        {
            for (var i = 0; i < plan.Length; i++)
            {
                foreach (var (section, ordinal) in built[i].Document.Sections.Select((s, o) => (s, o + 1)))
                {
                    await TableBulkWriter.RowAsync(writer, ct, ids.Next("narrative_sections"), versionIds[i], ordinal, section.Key, section.Title, section.Body);
                }
            }

            await writer.CompleteAsync(ct);
        }

        // The summaries lists read (key figures, check counts), stamped as VersionSummaryStore stamps them: a final account
        // with the same year's budget version (generated just before it), a budget with none.
        await using (var writer = await Import(connection, "COPY version_summaries (version_id, stamp, figures, passed, rounding, warnings, errors, computed_at) FROM STDIN (FORMAT BINARY)", ct))
        {
            for (var i = 0; i < plan.Length; i++)
            {
                var d = plan[i];
                if (d.DisclosureKind == DisclosureKind.Budget)
                {
                    budgets[(d.Department.Id, d.Year)] = versionIds[i];
                }

                var report = built[i].Report;
                var budgetVersion = d.DisclosureKind == DisclosureKind.Final ? budgets.GetValueOrDefault((d.Department.Id, d.Year)) : 0;
                await TableBulkWriter.RowAsync(writer, ct, versionIds[i], $"{stampRules}|{budgetVersion}", built[i].Figures,
                    report.Passed, report.Rounding, report.Warnings, report.Errors, now);
            }

            await writer.CompleteAsync(ct);
        }

        await using (var update = new NpgsqlCommand(
            "UPDATE disclosures d SET current_version_id = v.id FROM disclosure_versions v WHERE v.disclosure_id = d.id AND d.current_version_id IS NULL AND d.id >= @first", connection))
        {
            update.Parameters.AddWithValue("first", disclosureIds[0]);
            update.CommandTimeout = 600;
            await update.ExecuteNonQueryAsync(ct);
        }

        await ids.SaveAsync(ct);
    }

    private static Task<NpgsqlBinaryImporter> Import(NpgsqlConnection connection, string copy, CancellationToken ct) =>
        TableBulkWriter.BeginAsync(connection, copy, ct);

    /// <summary>Ids handed out from each table's current maximum; the identity sequences are moved past them at the end.</summary>
    private sealed class IdRanges(NpgsqlConnection connection)
    {
        private static readonly string[] Tables = ["disclosures", "disclosure_versions", "disclosure_tables", "table_rows", "narrative_sections"];
        private readonly Dictionary<string, int> _next = [];

        public async Task LoadAsync(CancellationToken ct)
        {
            foreach (var table in Tables)
            {
                await using var command = new NpgsqlCommand($"SELECT coalesce(max(id), 0) FROM {table}", connection);
                _next[table] = Convert.ToInt32(await command.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture) + 1;
            }
        }

        public int Next(string table) => _next[table]++;

        public async Task SaveAsync(CancellationToken ct)
        {
            foreach (var table in Tables)
            {
                await using var command = new NpgsqlCommand($"SELECT setval(pg_get_serial_sequence('{table}', 'id'), {_next[table]}, false)", connection);
                await command.ExecuteScalarAsync(ct);
            }
        }
    }
}
