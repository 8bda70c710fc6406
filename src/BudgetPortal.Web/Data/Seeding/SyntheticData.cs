using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Threading.Channels;
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
using BudgetPortal.Web.Search;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

namespace BudgetPortal.Web.Data.Seeding;

/// <summary>
/// Generates published disclosures for scale tests (<c>Portal:SyntheticDisclosures</c>) from the table sets in the database,
/// not from any reference document: twenty provinces, fifty cities each, in each city one department of every kind of
/// <see cref="SyntheticCatalog.Kinds"/> (its own functional classes, units and projects), years 2019–2025. Each
/// disclosure's tables are filled from that department's ledger for the year by <see cref="TableSetFiller"/>, so they
/// are consistent by construction; a set is used only if a sample filled from it passes its own checks with no
/// 不一致 (the log names the sets used and why others are not). Tables print 元 or 万元 as each set says. The check
/// report and key figures of each version are computed here and stored in <c>version_summaries</c>, so that lists never
/// compute them on a visitor's request. Everything — regions, departments, units, then the disclosures batch by batch,
/// province after province, oldest year first (newest rows have the highest ids, as real publication gives them) — is
/// written with PostgreSQL binary COPY; a template's tables are serialized once and each disclosure only names its city
/// (decision 0410). The search's text indexes are built once after a bulk, before the portal answers.
/// </summary>
public sealed class SyntheticData(
    PortalDbContext db, ILogger<SyntheticData> logger, TimeProvider clock, TableSetStore tableSets, CodeListCatalog codeLists, ContentStamp content)
{
    public const int FirstYear = 2019;
    public const int Years = 7;
    public const int CitiesPerProvince = 50;
    /// <summary>
    /// Disclosures a batch holds at most (one COPY transaction). A small bulk is cut into smaller batches, at least
    /// <see cref="MinBatch"/> each, so that every writer has work and filling overlaps writing there too.
    /// </summary>
    private const int MaxBatch = 2_000;

    private const int MinBatch = 100;
    private static readonly string[] CitySuffixes = ["", "阳", "山", "江", "平"];

    /// <summary>The sets a generated disclosure may be made from, by kind, that filled from a sample ledger pass their checks.</summary>
    public async Task<Dictionary<DisclosureKind, List<(TableSetDefinition Set, int Id)>>> UsableSetsAsync(CancellationToken ct)
    {
        var book = (await codeLists.CurrentAsync(db, ct)).Book;
        var latest = await db.TableSets.AsNoTracking().GroupBy(s => s.Code).Select(g => g.OrderByDescending(s => s.Version).First().Id).ToListAsync(ct);
        var usable = new Dictionary<DisclosureKind, List<(TableSetDefinition, int)>> { [DisclosureKind.Budget] = [], [DisclosureKind.Final] = [] };
        var sets = new List<(TableSetDefinition Set, int Id)>();
        foreach (var id in latest.Order())
        {
            if (await tableSets.LoadVersionAsync(id, ct) is { } set)
            {
                sets.Add((set, id));
            }
        }

        // Each set's sample filled and checked at once (independent; a few tenths of a second serially at every size).
        var probes = new (IReadOnlyList<string> Problems, CheckReport Report)[sets.Count];
        Parallel.For(0, sets.Count, new ParallelOptions { CancellationToken = ct }, i =>
        {
            var probe = Build(sets[i].Set, SyntheticCatalog.Kinds[1], "样例市卫生健康委员会", [new UnitInfo { Code = "901001", Name = "样例市卫生健康委员会本级", Kind = "行政单位" }, new UnitInfo { Code = "901002", Name = "样例市疾病预防控制中心", Kind = "事业单位" }],
                1, 2023, DisclosureMapper.ParseKind(sets[i].Set.Kind), "probe", ["样例省", "样例市"], book);
            probes[i] = (probe.Problems, probe.Report);
        });
        foreach (var ((set, id), probe) in sets.Zip(probes))
        {
            if (probe.Problems.Count > 0 || probe.Report.Errors > 0)
            {
                var why = probe.Problems.Concat(probe.Report.Findings.Where(f => f.Severity == Severity.Error).Select(f => $"{f.Rule} {f.Table} {f.Row} {f.Column}")).Take(3);
                logger.LogInformation("Synthetic data: table set {Set} not used ({Why})", set.Code, string.Join("; ", why));
                continue;
            }

            usable[DisclosureMapper.ParseKind(set.Kind)].Add((set, id));
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
        var phases = new PhaseClock(logger);
        var usable = await UsableSetsAsync(ct);
        if (usable[DisclosureKind.Budget].Count == 0)
        {
            throw new InvalidOperationException("没有可用于生成合成数据的预算表套（见日志）。");
        }

        var kinds = usable.Where(kv => kv.Value.Count > 0).Select(kv => kv.Key).ToList();
        logger.LogInformation("Synthetic data from table sets: {Sets}", string.Join(", ", usable.SelectMany(kv => kv.Value).Select(s => $"{s.Set.Code} ({s.Set.Tables.Select(t => t.Unit).Distinct().Count()} 种单位)")));
        var book = (await codeLists.CurrentAsync(db, ct)).Book;
        var stampRules = $"{VersionSummaryStore.Format}:{await content.RulesAsync(ct)}";
        phases.Done("table sets checked");

        var perDepartment = Years * kinds.Count;
        var perProvince = CitiesPerProvince * SyntheticCatalog.Kinds.Count;
        // A target of 1,000 or more (the 5 reference disclosures included) fills whole provinces (1,050 departments
        // each, oldest year first), so that the first province's overview has its 1,000+ departments at every size
        // (bench/perf.sh: at 1,000 they are its 2019 budgets); a smaller one (tests) gives fewer departments all their years.
        var wanted = target - existing;
        var departmentsNeeded = target >= 1_000
            ? (wanted + perProvince * perDepartment - 1) / (perProvince * perDepartment) * perProvince
            : (wanted + perDepartment - 1) / perDepartment;

        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        var ids = new IdRanges();
        await ids.LoadAsync(connection, ct);
        var departments = await CreateDepartmentsAsync(connection, ids, departmentsNeeded, ct);
        phases.Done("regions, departments and units");

        // The plan: province after province, oldest year first, a department's budget before its final account.
        var codesKeys = new Dictionary<(int Year, int Region), string>();
        var plan = new List<Planned>();
        foreach (var province in departments.GroupBy(d => d.ProvinceNumber))
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
                        var setId = sets[Math.Abs(d.Seed) % sets.Count].Id;
                        if (!codesKeys.TryGetValue((year, d.RegionId), out var codesKey))
                        {
                            codesKey = string.Join(",", book.For(year, d.Region).Lists.Select(System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode));
                            codesKeys.Add((year, d.RegionId), codesKey);
                        }

                        var budgetSet = usable[DisclosureKind.Budget][Math.Abs(d.Seed) % usable[DisclosureKind.Budget].Count].Id;
                        var key = new TemplateKey(setId, kind == DisclosureKind.Final ? budgetSet : 0, d.KindIndex, year, kind, d.Seed % 397 == 0, codesKey);
                        plan.Add(new Planned($"s{d.Id}-{year}-{(kind == DisclosureKind.Budget ? "budget" : "final")}", d, year, kind, setId, key));
                    }
                }
            }
        }

        phases.Done("plan");

        // The search's indexes over texts (grams, text lookups): kept up row by row when a few disclosures join many; when
        // the bulk is at least as large as what is there, dropped and built once at the end (one sort each, several at
        // once) — complete before the portal answers, since generation runs before the server starts.
        var connectionString = db.Database.GetConnectionString() ?? throw new InvalidOperationException("No connection string.");
        var searchIndexes = plan.Count >= existing ? await DropSearchIndexesAsync(connection, ct) : [];
        (int Written, int Templates, double Fill) result;
        try
        {
            result = await WriteAsync(connectionString, plan, usable, book, stampRules, ids, ct);
            phases.Done("disclosures written");
        }
        finally
        {
            await ids.SaveAsync(connection, CancellationToken.None);
            // The narrative sections' search blocks (decision 0450) rebuilt beside the other index builds, before their own
            // GIN index is built; fresh statistics too, so that the planner sees the bulk at once rather than after
            // autovacuum gets to it.
            await IndexAndAnalyzeAsync(connectionString, searchIndexes);
        }

        phases.Done(searchIndexes.Count > 0 ? "search indexes and statistics" : "statistics");
        logger.LogInformation("Generated {Count} synthetic disclosures for {Departments} departments in {Seconds:0.0} s ({Rate:0} a second; {Templates} templates, filling and checking {Fill:0.0} s, writing {Write:0.0} s; {Phases})",
            result.Written, departments.Count, clockStart.Elapsed.TotalSeconds, result.Written / Math.Max(0.001, clockStart.Elapsed.TotalSeconds), result.Templates,
            result.Fill, phases.Seconds("disclosures written"), phases);
        return result.Written;
    }

    /// <summary>Seconds per phase of a generation, each logged as it ends (profile of issue 16).</summary>
    private sealed class PhaseClock(ILogger logger)
    {
        private readonly Stopwatch _watch = Stopwatch.StartNew();
        private readonly List<(string Name, double Seconds)> _phases = [];

        public void Done(string name)
        {
            var seconds = _watch.Elapsed.TotalSeconds;
            _phases.Add((name, seconds));
            logger.LogInformation("Synthetic data phase {Phase}: {Seconds:0.00} s", name, seconds);
            _watch.Restart();
        }

        public double Seconds(string name) => _phases.Where(p => p.Name == name).Sum(p => p.Seconds);

        public override string ToString() => string.Join(", ", _phases.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Name} {p.Seconds:0.0} s")));
    }

    /// <summary>How many connections write batches at once (each its own transaction) and build the indexes afterwards.</summary>
    private static readonly int Writers = Math.Clamp(Environment.ProcessorCount, 1, 4);

    private sealed record NewDepartment(
        int Id, int RegionId, string Name, List<string> Region, DepartmentKind Kind, int KindIndex, List<UnitInfo> Units, int Seed, int ProvinceNumber);

    /// <summary>
    /// The provinces, cities, departments and units of the bulk, written by binary COPY in one transaction (tens of
    /// thousands of rows; EF's change tracker took seconds for them).
    /// </summary>
    private async Task<List<NewDepartment>> CreateDepartmentsAsync(NpgsqlConnection connection, IdRanges ids, int needed, CancellationToken ct)
    {
        var provinces = (await db.Regions.AsNoTracking().Where(r => r.ParentId == null).Select(r => new { r.Id, r.Name }).ToListAsync(ct))
            .DistinctBy(r => r.Name).ToDictionary(r => r.Name, r => r.Id);
        var firstProvince = await db.Regions.CountAsync(r => r.ParentId == null && SyntheticCatalog.Provinces.Contains(r.Name), ct);
        var regions = new List<(int Id, string Name, RegionLevel Level, int? ParentId)>();
        var departments = new List<NewDepartment>();
        for (var n = 0; departments.Count < needed; n++)
        {
            var provinceNumber = firstProvince + n / CitiesPerProvince;
            var provinceName = SyntheticCatalog.Provinces[provinceNumber % SyntheticCatalog.Provinces.Count] + (provinceNumber >= SyntheticCatalog.Provinces.Count ? $"（{provinceNumber / SyntheticCatalog.Provinces.Count + 1}）" : "");
            var cityIndex = n % CitiesPerProvince;
            var city = SyntheticCatalog.Cities[cityIndex % SyntheticCatalog.Cities.Count] + CitySuffixes[cityIndex / SyntheticCatalog.Cities.Count % CitySuffixes.Length] + "市";
            if (!provinces.TryGetValue(provinceName, out var provinceId))
            {
                provinceId = ids.Next("regions");
                regions.Add((provinceId, provinceName, RegionLevel.Province, null));
                provinces.Add(provinceName, provinceId);
            }

            var cityId = ids.Next("regions");
            regions.Add((cityId, city, RegionLevel.City, provinceId));
            foreach (var (kind, k) in SyntheticCatalog.Kinds.Select((kind, k) => (kind, k)).Take(needed - departments.Count))
            {
                var seed = HashCode.Combine(provinceNumber, cityIndex, k);
                departments.Add(new NewDepartment(ids.Next("departments"), cityId, $"{city}{kind.Name}", [provinceName, city], kind, k, UnitsOf(kind, k, city), seed, provinceNumber));
            }
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await using (var writer = await Import(connection, "COPY regions (id, name, level, parent_id) FROM STDIN (FORMAT BINARY)", ct))
        {
            foreach (var (id, name, level, parentId) in regions)
            {
                await TableBulkWriter.RowAsync(writer, ct, id, name, level.ToString(), parentId);
            }

            await writer.CompleteAsync(ct);
        }

        await using (var writer = await Import(connection, "COPY departments (id, region_id, name, code) FROM STDIN (FORMAT BINARY)", ct))
        {
            foreach (var d in departments)
            {
                await TableBulkWriter.RowAsync(writer, ct, d.Id, d.RegionId, d.Name, d.Units[0].Code![..3]);
            }

            await writer.CompleteAsync(ct);
        }

        await using (var writer = await Import(connection, "COPY units (id, department_id, code, name, kind) FROM STDIN (FORMAT BINARY)", ct))
        {
            foreach (var d in departments)
            {
                foreach (var unit in d.Units)
                {
                    await TableBulkWriter.RowAsync(writer, ct, ids.Next("units"), d.Id, unit.Code, unit.Name, unit.Kind);
                }
            }

            await writer.CompleteAsync(ct);
        }

        await ids.SaveAsync(connection, ct);
        await transaction.CommitAsync(ct);
        return departments;
    }

    /// <summary>The tables a bulk writes, analysed after it.</summary>
    private static readonly string[] WrittenTables =
        ["table_rows", "disclosure_tables", "narrative_sections", "narrative_blocks", "disclosures", "disclosure_versions", "version_summaries", "units", "departments", "regions"];

    /// <summary>Drops the search's indexes over texts (named <c>*_grams</c> and <c>*_text</c>) and returns their table and definition, largest table first.</summary>
    private static async Task<List<(string Table, string Definition)>> DropSearchIndexesAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        var indexes = new List<(string Name, string Table, string Definition)>();
        await using (var read = new NpgsqlCommand(
            "SELECT indexname, tablename, indexdef FROM pg_indexes WHERE schemaname = 'public' AND (indexname LIKE '%\\_grams' OR indexname LIKE '%\\_text') ORDER BY pg_relation_size(quote_ident(tablename)::regclass) DESC, indexname", connection))
        await using (var reader = await read.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                indexes.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2)));
            }
        }

        foreach (var (name, _, _) in indexes)
        {
            await using var drop = new NpgsqlCommand($"DROP INDEX IF EXISTS \"{name}\"", connection);
            await drop.ExecuteNonQueryAsync(ct);
        }

        return [.. indexes.Select(i => (i.Table, i.Definition))];
    }

    /// <summary>
    /// Builds the dropped indexes again, <see cref="Writers"/> at once, largest first, each with <c>maintenance_work_mem</c>
    /// raised for its own transaction only; then <c>ANALYZE</c> of every table the bulk wrote, each after its own indexes
    /// (statistics of an expression index are gathered with it). The marked narrative blocks are rebuilt at the same
    /// time on their own connections, and only their own index and statistics wait for them (decision 0440).
    /// </summary>
    private static async Task IndexAndAnalyzeAsync(string connectionString, IReadOnlyList<(string Table, string Definition)> indexes)
    {
        using var slots = new SemaphoreSlim(Writers);
        async Task Run(string sql, Task? after = null)
        {
            await (after ?? Task.CompletedTask);
            await slots.WaitAsync();
            try
            {
                await using var connection = new NpgsqlConnection(connectionString);
                await connection.OpenAsync();
                await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
                await command.ExecuteNonQueryAsync();
            }
            finally
            {
                slots.Release();
            }
        }

        // The marked narrative blocks (most of this phase: every section's grams), on their own connections from the start,
        // beside the other tables' index builds; the blocks' index and statistics after them.
        var refreshed = NarrativeBlocks.RebuildMarkedAsync(connectionString, Writers, CancellationToken.None);
        Task? Before(string table) => table == "narrative_blocks" ? refreshed : null;
        var builds = indexes.Select(i => (i.Table, Task: Run($"BEGIN; SET LOCAL maintenance_work_mem = '512MB'; {i.Definition}; COMMIT", Before(i.Table)))).ToList();
        var analyses = WrittenTables.Select(table =>
            Run($"ANALYZE {table}", Task.WhenAll([.. builds.Where(b => b.Table == table).Select(b => b.Task), Before(table) ?? Task.CompletedTask]))).ToList();
        await Task.WhenAll([refreshed, .. builds.Select(b => b.Task), .. analyses]);
    }

    private sealed record Planned(string Slug, NewDepartment Department, int Year, DisclosureKind DisclosureKind, int SetId, TemplateKey Key);

    /// <summary>
    /// What makes two generated disclosures the same but for their city: the table set (and, for a final account, the
    /// set of the budget it is checked against), the kind of department, the year, budget or final, whether the
    /// department has the rare search word, and the code lists its region reads.
    /// </summary>
    private sealed record TemplateKey(int SetId, int BudgetSetId, int Kind, int Year, DisclosureKind DisclosureKind, bool Rare, string Codes);

    /// <summary>A filled and checked template, with its stored form (<see cref="Stored"/>) made once for all its disclosures.</summary>
    private sealed record Template(DisclosureDocument Document, CheckReport Report, string Figures, Stored Stored);

    /// <summary>
    /// A template as its rows are written: the header trees and the cells already in their stored JSON
    /// (<see cref="StoredJson"/>), so that a disclosure only replaces the placeholder city in the texts that name it.
    /// </summary>
    private sealed record Stored(string Title, StoredTable[] Tables, NarrativeSection[] Sections, int Rows);

    private sealed record StoredTable(
        int Ordinal, string Number, string? Code, string Title, string? Unit, int Decimals, bool Missing, string? EmptyNote, string[] Footnotes, string Columns, StoredRow[] Rows);

    private sealed record StoredRow(int Ordinal, int Level, string? Role, string? Code, string? Name, string? UnitCode, string? Project, string Cells, bool NamesCity);

    private static Stored Store(DisclosureDocument document)
    {
        var tables = document.Tables.Select((t, i) => DisclosureMapper.ToEntity(t, i + 1)).Select(e => new StoredTable(
            e.Ordinal, e.Number, e.Code, e.Title, e.Unit, e.Decimals, e.Missing, e.EmptyNote, [.. e.Footnotes], StoredJson.Columns(e.Columns),
            [.. e.Rows.Select(r =>
            {
                var cells = StoredJson.Cells(r.Cells);
                var namesCity = NamesCity(r.Name) || NamesCity(r.Project) || NamesCity(cells);
                return new StoredRow(r.Ordinal, r.Level, r.Role, r.Code, r.Name, r.UnitCode, r.Project, cells, namesCity);
            })])).ToArray();
        return new Stored(document.Title, tables, [.. document.Sections], tables.Sum(t => t.Rows.Length));

        static bool NamesCity(string? text) => text?.Contains(PlaceholderCity, StringComparison.Ordinal) == true;
    }

    /// <summary>The city that stands for every generated city in a template; replaced in every text of a disclosure.</summary>
    private const string PlaceholderCity = "样板市";

    /// <summary>A template's text as a disclosure of <paramref name="city"/> prints it.</summary>
    private static string? InCity(string? text, string city) =>
        text is not null && text.Contains(PlaceholderCity, StringComparison.Ordinal) ? text.Replace(PlaceholderCity, city, StringComparison.Ordinal) : text;

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

    private static string CityOf(NewDepartment department) => department.Region[^1];

    /// <summary>Fills and checks the templates <paramref name="chunk"/> needs that are not built yet: budgets first (a final is checked against its budget).</summary>
    private static void BuildTemplates(
        ConcurrentDictionary<TemplateKey, Template> templates, Planned[] chunk, Dictionary<DisclosureKind, List<(TableSetDefinition Set, int Id)>> usable,
        CodeBook book, CancellationToken ct)
    {
        // A region trail of each key's code lists (the same lists whichever of its disclosures gives it).
        var trails = new Dictionary<(string Codes, int Year), List<string>>();
        foreach (var p in chunk)
        {
            trails.TryAdd((p.Key.Codes, p.Year), p.Department.Region);
        }

        var missing = chunk.Select(p => p.Key).Distinct().Where(k => !templates.ContainsKey(k)).ToList();
        var budgets = missing.Where(k => k.DisclosureKind == DisclosureKind.Final).Select(k => k with { SetId = k.BudgetSetId, BudgetSetId = 0, DisclosureKind = DisclosureKind.Budget })
            .Concat(missing.Where(k => k.DisclosureKind == DisclosureKind.Budget)).Distinct().Where(k => !templates.ContainsKey(k)).ToList();
        foreach (var group in new[] { budgets, missing.Where(k => k.DisclosureKind == DisclosureKind.Final).ToList() })
        {
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
                        templates[key] = new Template(document, report, JsonSerializer.Serialize(KeyFigures.From(document)), Store(document));
                        break;
                    }
                    catch (System.Text.RegularExpressions.RegexMatchTimeoutException) when (attempt < 5)
                    {
                    }
                }
            });
        }
    }

    /// <summary>A planned disclosure with its template and the ids of everything it writes.</summary>
    private sealed record Prepared(Planned Plan, Template Template, int DisclosureId, int VersionId, int BudgetVersionId, int FirstTableId, int FirstRowId, int FirstSectionId);

    /// <summary>
    /// The bulk as a pipeline: one task fills and checks the templates a batch needs and hands out its ids (in plan
    /// order, so that newer disclosures have higher ids), while <see cref="Writers"/> connections each write whole
    /// batches by binary COPY, one transaction a batch.
    /// </summary>
    private async Task<(int Written, int Templates, double Fill)> WriteAsync(
        string connectionString, List<Planned> plan, Dictionary<DisclosureKind, List<(TableSetDefinition Set, int Id)>> usable, CodeBook book,
        string stampRules, IdRanges ids, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var templates = new ConcurrentDictionary<TemplateKey, Template>();
        var budgetVersions = new Dictionary<(int Department, int Year), int>();
        using var failed = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var channel = Channel.CreateBounded<Prepared[]>(new BoundedChannelOptions(Writers) { SingleWriter = true });
        var fill = TimeSpan.Zero;
        var written = 0;
        var producer = Task.Run(async () =>
        {
            try
            {
                foreach (var chunk in plan.Chunk(Math.Clamp(plan.Count / (4 * Writers), MinBatch, MaxBatch)))
                {
                    var started = Stopwatch.GetTimestamp();
                    BuildTemplates(templates, chunk, usable, book, failed.Token);
                    var batch = new Prepared[chunk.Length];
                    for (var i = 0; i < chunk.Length; i++)
                    {
                        var p = chunk[i];
                        var template = templates[p.Key];
                        var versionId = ids.Next("disclosure_versions");
                        if (p.DisclosureKind == DisclosureKind.Budget)
                        {
                            budgetVersions[(p.Department.Id, p.Year)] = versionId;
                        }

                        // A final account's summary is stamped with the same year's budget version (generated before it).
                        var budgetVersion = p.DisclosureKind == DisclosureKind.Final ? budgetVersions.GetValueOrDefault((p.Department.Id, p.Year)) : 0;
                        batch[i] = new Prepared(p, template, ids.Next("disclosures"), versionId, budgetVersion,
                            ids.Take("disclosure_tables", template.Stored.Tables.Length), ids.Take("table_rows", template.Stored.Rows),
                            ids.Take("narrative_sections", template.Stored.Sections.Length));
                    }

                    fill += Stopwatch.GetElapsedTime(started);
                    await channel.Writer.WriteAsync(batch, failed.Token);
                }

                channel.Writer.Complete();
            }
            catch (Exception e)
            {
                channel.Writer.TryComplete(e);
                await failed.CancelAsync();
                throw;
            }
        }, CancellationToken.None);
        var writers = Enumerable.Range(0, Writers).Select(_ => Task.Run(async () =>
        {
            try
            {
                await using var connection = new NpgsqlConnection(connectionString);
                await connection.OpenAsync(failed.Token);
                await foreach (var batch in channel.Reader.ReadAllAsync(failed.Token))
                {
                    await using var transaction = await connection.BeginTransactionAsync(failed.Token);
                    WriteBatch(connection, batch, stampRules, now);
                    await transaction.CommitAsync(failed.Token);
                    Interlocked.Add(ref written, batch.Length);
                }
            }
            catch
            {
                await failed.CancelAsync();
                throw;
            }
        }, CancellationToken.None)).ToArray();

        Task[] tasks = [producer, .. writers];
        try
        {
            await Task.WhenAll(tasks);
        }
        catch
        {
            // The first failure, not a cancellation it caused in the other tasks.
            var cause = tasks.Where(t => t.IsFaulted).SelectMany(t => t.Exception!.InnerExceptions).FirstOrDefault(e => e is not OperationCanceledException);
            if (cause is not null)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(cause);
            }

            throw;
        }

        return (written, templates.Count, fill.TotalSeconds);
    }

    /// <summary>One batch of disclosures by binary COPY (synchronous writes into Npgsql's buffer; it sends as it fills).</summary>
    private static void WriteBatch(NpgsqlConnection connection, Prepared[] batch, string stampRules, DateTimeOffset now)
    {
        using (var w = Begin(connection, "COPY disclosures (id, slug, department_id, year, kind, title, table_set_id) FROM STDIN (FORMAT BINARY)"))
        {
            foreach (var b in batch)
            {
                w.StartRow();
                w.Write(b.DisclosureId, NpgsqlDbType.Integer);
                w.Write(b.Plan.Slug, NpgsqlDbType.Text);
                w.Write(b.Plan.Department.Id, NpgsqlDbType.Integer);
                w.Write(b.Plan.Year, NpgsqlDbType.Integer);
                w.Write(b.Plan.DisclosureKind.ToString(), NpgsqlDbType.Text);
                w.Write(InCity(b.Template.Stored.Title, CityOf(b.Plan.Department))!, NpgsqlDbType.Text);
                w.Write(b.Plan.SetId, NpgsqlDbType.Integer);
            }

            w.Complete();
        }

        using (var w = Begin(connection, "COPY disclosure_versions (id, disclosure_id, number, status, approved_on, published_at, created_at) FROM STDIN (FORMAT BINARY)"))
        {
            foreach (var b in batch)
            {
                var d = b.Plan;
                var budget = d.DisclosureKind == DisclosureKind.Budget;
                var approved = new DateOnly(budget ? d.Year : d.Year + 1, budget ? 1 : 7, 10 + (d.Department.Id % 15));
                // Published 5–20 days after approval (预算法 §14), one in 17 late by 10–20 days more; 09:00 Beijing time.
                var days = 5 + ((b.DisclosureId * 7) % 16) + ((d.Department.Id + d.Year) % 17 == 0 ? 10 + (b.DisclosureId % 11) : 0);
                var published = new DateTimeOffset(approved.AddDays(days).ToDateTime(new TimeOnly(1, 0)), TimeSpan.Zero);
                published = published < now ? published : now;
                w.StartRow();
                w.Write(b.VersionId, NpgsqlDbType.Integer);
                w.Write(b.DisclosureId, NpgsqlDbType.Integer);
                w.Write(1, NpgsqlDbType.Integer);
                w.Write(nameof(VersionStatus.Published), NpgsqlDbType.Text);
                w.Write(approved, NpgsqlDbType.Date);
                w.Write(published, NpgsqlDbType.TimestampTz);
                w.Write(published, NpgsqlDbType.TimestampTz);
            }

            w.Complete();
        }

        using (var w = Begin(connection, TableBulkWriter.TablesCopy))
        {
            foreach (var b in batch)
            {
                var city = CityOf(b.Plan.Department);
                var id = b.FirstTableId;
                foreach (var t in b.Template.Stored.Tables)
                {
                    w.StartRow();
                    w.Write(id++, NpgsqlDbType.Integer);
                    w.Write(b.VersionId, NpgsqlDbType.Integer);
                    w.Write(t.Ordinal, NpgsqlDbType.Integer);
                    w.Write(t.Number, NpgsqlDbType.Text);
                    Text(w, t.Code);
                    w.Write(InCity(t.Title, city)!, NpgsqlDbType.Text);
                    Text(w, t.Unit);
                    w.Write(t.Decimals, NpgsqlDbType.Integer);
                    w.Write(t.Missing, NpgsqlDbType.Boolean);
                    Text(w, t.EmptyNote);
                    w.Write(t.Footnotes, NpgsqlDbType.Array | NpgsqlDbType.Text);
                    w.Write(t.Columns, NpgsqlDbType.Json);
                }
            }

            w.Complete();
        }

        using (var w = Begin(connection, TableBulkWriter.RowsCopy))
        {
            foreach (var b in batch)
            {
                var city = CityOf(b.Plan.Department);
                var id = b.FirstRowId;
                var tableId = b.FirstTableId;
                foreach (var t in b.Template.Stored.Tables)
                {
                    foreach (var r in t.Rows)
                    {
                        w.StartRow();
                        w.Write(id++, NpgsqlDbType.Integer);
                        w.Write(tableId, NpgsqlDbType.Integer);
                        w.Write(r.Ordinal, NpgsqlDbType.Integer);
                        w.Write(r.Level, NpgsqlDbType.Integer);
                        Text(w, r.Role);
                        Text(w, r.Code);
                        Text(w, r.NamesCity ? InCity(r.Name, city) : r.Name);
                        Text(w, r.UnitCode);
                        Text(w, r.NamesCity ? InCity(r.Project, city) : r.Project);
                        w.Write(r.NamesCity ? InCity(r.Cells, city)! : r.Cells, NpgsqlDbType.Json);
                    }

                    tableId++;
                }
            }

            w.Complete();
        }

        using (var w = Begin(connection, "COPY narrative_sections (id, version_id, ordinal, key, title, body) FROM STDIN (FORMAT BINARY)"))
        {
            foreach (var b in batch)
            {
                var city = CityOf(b.Plan.Department);
                var id = b.FirstSectionId;
                foreach (var (section, ordinal) in b.Template.Stored.Sections.Select((s, o) => (s, o + 1)))
                {
                    w.StartRow();
                    w.Write(id++, NpgsqlDbType.Integer);
                    w.Write(b.VersionId, NpgsqlDbType.Integer);
                    w.Write(ordinal, NpgsqlDbType.Integer);
                    w.Write(section.Key, NpgsqlDbType.Text);
                    w.Write(InCity(section.Title, city)!, NpgsqlDbType.Text);
                    w.Write(InCity(section.Body, city)!, NpgsqlDbType.Text);
                }
            }

            w.Complete();
        }

        // The summaries lists read (key figures, check counts), stamped as VersionSummaryStore stamps them: a final account
        // with the same year's budget version, a budget with none.
        using (var w = Begin(connection, "COPY version_summaries (version_id, stamp, figures, passed, rounding, warnings, errors, computed_at) FROM STDIN (FORMAT BINARY)"))
        {
            foreach (var b in batch)
            {
                var report = b.Template.Report;
                w.StartRow();
                w.Write(b.VersionId, NpgsqlDbType.Integer);
                w.Write($"{stampRules}|{b.BudgetVersionId}", NpgsqlDbType.Text);
                w.Write(b.Template.Figures, NpgsqlDbType.Text);
                w.Write(report.Passed, NpgsqlDbType.Integer);
                w.Write(report.Rounding, NpgsqlDbType.Integer);
                w.Write(report.Warnings, NpgsqlDbType.Integer);
                w.Write(report.Errors, NpgsqlDbType.Integer);
                w.Write(now, NpgsqlDbType.TimestampTz);
            }

            w.Complete();
        }

        using var update = new NpgsqlCommand(
            "UPDATE disclosures d SET current_version_id = v.id FROM disclosure_versions v WHERE v.disclosure_id = d.id AND d.id BETWEEN @first AND @last", connection);
        update.Parameters.AddWithValue("first", batch[0].DisclosureId);
        update.Parameters.AddWithValue("last", batch[^1].DisclosureId);
        update.CommandTimeout = 600;
        update.ExecuteNonQuery();

        static void Text(NpgsqlBinaryImporter w, string? value)
        {
            if (value is null)
            {
                w.WriteNull();
            }
            else
            {
                w.Write(value, NpgsqlDbType.Text);
            }
        }
    }

    private static NpgsqlBinaryImporter Begin(NpgsqlConnection connection, string copy)
    {
        var importer = connection.BeginBinaryImport(copy);
        importer.Timeout = TableBulkWriter.CopyTimeout;
        return importer;
    }

    private static Task<NpgsqlBinaryImporter> Import(NpgsqlConnection connection, string copy, CancellationToken ct) =>
        TableBulkWriter.BeginAsync(connection, copy, ct);

    /// <summary>
    /// Ids handed out from each table's current maximum (the generator runs alone, under the start-up advisory lock);
    /// the identity sequences are moved past them when the bulk ends.
    /// </summary>
    private sealed class IdRanges
    {
        private static readonly string[] Tables = ["regions", "departments", "units", "disclosures", "disclosure_versions", "disclosure_tables", "table_rows", "narrative_sections"];
        private readonly Dictionary<string, int> _next = [];

        public async Task LoadAsync(NpgsqlConnection connection, CancellationToken ct)
        {
            foreach (var table in Tables)
            {
                await using var command = new NpgsqlCommand($"SELECT coalesce(max(id), 0) FROM {table}", connection);
                _next[table] = Convert.ToInt32(await command.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture) + 1;
            }
        }

        public int Next(string table) => _next[table]++;

        /// <summary>The first of <paramref name="count"/> consecutive ids.</summary>
        public int Take(string table, int count)
        {
            var first = _next[table];
            _next[table] += count;
            return first;
        }

        public async Task SaveAsync(NpgsqlConnection connection, CancellationToken ct)
        {
            foreach (var table in Tables)
            {
                await using var command = new NpgsqlCommand($"SELECT setval(pg_get_serial_sequence('{table}', 'id'), {_next[table]}, false)", connection);
                await command.ExecuteScalarAsync(ct);
            }
        }
    }
}
