using System.Diagnostics;
using BudgetPortal.Core.Documents;
using BudgetPortal.Web.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

namespace BudgetPortal.Web.Data.Seeding;

/// <summary>
/// Generates published disclosures for scale tests (<c>Portal:SyntheticDisclosures</c>): departments across generated
/// provinces and cities, years 2019–2025, a budget and a final account each, shaped on the reference disclosures
/// (budgets on 000 辽宁省 with its table set, finals on 001 抚顺 with its). A budget multiplies every amount of its
/// template by the same whole number, which keeps every exact sum exact, so the checks stay as clean as the template;
/// finals keep factor 1 (their template's 0.01 尾差 would otherwise grow into errors). The narrative is a short 概况
/// without figures, and the performance forms are left out. Written with PostgreSQL binary COPY in one transaction.
/// </summary>
public sealed class SyntheticData(PortalDbContext db, ILogger<SyntheticData> logger, TimeProvider clock)
{
    private static readonly string[] Provinces =
    [
        "河北省", "山西省", "吉林省", "黑龙江省", "江苏省", "浙江省", "安徽省", "福建省", "江西省", "山东省",
        "湖北省", "湖南省", "广东省", "四川省", "贵州省", "云南省", "陕西省", "甘肃省", "青海省", "海南省",
    ];

    private static readonly string[] Cities =
    [
        "东城", "西江", "南岭", "北川", "临河", "清源", "长宁", "安平", "永安", "兴华", "宁远", "泰和", "青山", "平阳", "丰城",
        "新安", "明光", "桂林", "白沙", "金城", "云溪", "石门", "玉泉", "龙岩", "天河", "花溪", "凤凰", "乐平", "宜川", "瑞金",
    ];

    private static readonly string[] Departments =
    [
        "财政局", "教育局", "卫生健康委员会", "交通运输局", "医疗保障局", "民政局", "人力资源和社会保障局", "生态环境局",
        "住房和城乡建设局", "农业农村局", "水利局", "市场监督管理局", "文化和旅游局", "审计局", "统计局", "自然资源局",
        "应急管理局", "商务局", "科学技术局", "司法局",
    ];

    private const int FirstYear = 2019;
    private const int Years = 7;

    public async Task<int> GenerateAsync(int target, string referenceFolder, CancellationToken ct)
    {
        var existing = await db.Disclosures.CountAsync(ct);
        if (existing >= target)
        {
            return 0;
        }

        var clockStart = Stopwatch.StartNew();
        var references = ReferenceData.LoadAll(referenceFolder);
        var budget = Lean(references.Single(d => d.Slug == "liaoning-2023-budget"));
        var final = Lean(references.Single(d => d.Slug == "fushun-2023-final"));
        var sets = (await db.TableSets.Where(s => s.Code == budget.TableSet || s.Code == final.TableSet).Select(s => new { s.Code, s.Version, s.Id }).ToListAsync(ct))
            .GroupBy(s => s.Code).ToDictionary(g => g.Key, g => g.MaxBy(s => s.Version)!.Id);
        var departmentsNeeded = (target - existing + Years * 2 - 1) / (Years * 2);

        // One transaction for everything: regions and departments through EF (a few thousand rows), the bulk through COPY.
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        var departments = new List<Department>();
        var cityNumber = 0;
        // Provinces by name: the ones already stored, and those added here (saved only every 20 cities).
        var provinces = (await db.Regions.Where(r => r.ParentId == null).ToListAsync(ct)).DistinctBy(r => r.Name).ToDictionary(r => r.Name);
        while (departments.Count < departmentsNeeded)
        {
            var province = Provinces[cityNumber / Cities.Length % Provinces.Length];
            var city = $"{Cities[cityNumber % Cities.Length]}{(cityNumber >= Cities.Length * Provinces.Length ? (cityNumber / (Cities.Length * Provinces.Length)).ToString(System.Globalization.CultureInfo.InvariantCulture) : "")}市";
            if (!provinces.TryGetValue(province, out var provinceRegion))
            {
                provinceRegion = db.Regions.Add(new Region { Name = province, Level = RegionLevel.Province }).Entity;
                provinces.Add(province, provinceRegion);
            }

            var cityRegion = new Region { Name = city, Level = RegionLevel.City, Parent = provinceRegion };
            foreach (var name in Departments.Take(departmentsNeeded - departments.Count))
            {
                var department = new Department { Name = $"{city}{name}", Region = cityRegion };
                department.Units.Add(new BudgetUnit { Name = $"{city}{name}（本级）", Kind = "本级" });
                db.Departments.Add(department);
                departments.Add(department);
            }

            db.Add(cityRegion);
            cityNumber++;
            if (cityNumber % 20 == 0)
            {
                await db.SaveChangesAsync(ct);
            }
        }

        await db.SaveChangesAsync(ct);

        var ids = new IdRanges(connection);
        await ids.LoadAsync(ct);
        var now = clock.GetUtcNow();
        var plan = new List<(int Id, string Slug, int DepartmentId, int Year, DisclosureKind Kind, string Title, int SetId, DisclosureDocument Template, int Factor)>();
        var count = 0;
        foreach (var department in departments)
        {
            for (var year = FirstYear; year < FirstYear + Years && existing + count < target; year++)
            {
                foreach (var kind in new[] { DisclosureKind.Budget, DisclosureKind.Final })
                {
                    if (existing + count >= target)
                    {
                        break;
                    }

                    var template = kind == DisclosureKind.Budget ? budget : final;
                    var title = kind == DisclosureKind.Budget ? $"{department.Name}{year}年部门预算" : $"{department.Name}{year}年度部门决算";
                    var factor = kind == DisclosureKind.Budget ? 1 + ((department.Id + year) % 9) : 1;
                    plan.Add((ids.Next("disclosures"), $"s{department.Id}-{year}-{(kind == DisclosureKind.Budget ? "budget" : "final")}",
                        department.Id, year, kind, title, sets[template.TableSet!], template, factor));
                    count++;
                }
            }
        }

        await using (var writer = await Import(connection, "COPY disclosures (id, slug, department_id, year, kind, title, table_set_id) FROM STDIN (FORMAT BINARY)", ct))
        {
            foreach (var d in plan)
            {
                await writer.StartRowAsync(ct);
                await writer.WriteAsync(d.Id, NpgsqlDbType.Integer, ct);
                await writer.WriteAsync(d.Slug, NpgsqlDbType.Varchar, ct);
                await writer.WriteAsync(d.DepartmentId, NpgsqlDbType.Integer, ct);
                await writer.WriteAsync(d.Year, NpgsqlDbType.Integer, ct);
                await writer.WriteAsync(d.Kind.ToString(), NpgsqlDbType.Varchar, ct);
                await writer.WriteAsync(d.Title, NpgsqlDbType.Varchar, ct);
                await writer.WriteAsync(d.SetId, NpgsqlDbType.Integer, ct);
            }

            await writer.CompleteAsync(ct);
        }

        var versions = plan.Select(d => (Id: ids.Next("disclosure_versions"), Disclosure: d)).ToList();
        await using (var writer = await Import(connection, "COPY disclosure_versions (id, disclosure_id, number, status, approved_on, published_at, created_at) FROM STDIN (FORMAT BINARY)", ct))
        {
            foreach (var (id, d) in versions)
            {
                var approved = new DateOnly(d.Kind == DisclosureKind.Budget ? d.Year : d.Year + 1, d.Kind == DisclosureKind.Budget ? 1 : 7, 10 + (d.DepartmentId % 15));
                // Published 5–20 days after approval (预算法 §14), one in 17 late by 10–20 days more; 09:00 Beijing time.
                var days = 5 + ((d.Id * 7) % 16) + ((d.DepartmentId + d.Year) % 17 == 0 ? 10 + (d.Id % 11) : 0);
                var published = new DateTimeOffset(approved.AddDays(days).ToDateTime(new TimeOnly(1, 0)), TimeSpan.Zero);
                published = published < now ? published : now;
                await writer.StartRowAsync(ct);
                await writer.WriteAsync(id, NpgsqlDbType.Integer, ct);
                await writer.WriteAsync(d.Id, NpgsqlDbType.Integer, ct);
                await writer.WriteAsync(1, NpgsqlDbType.Integer, ct);
                await writer.WriteAsync(nameof(VersionStatus.Published), NpgsqlDbType.Varchar, ct);
                await writer.WriteAsync(approved, NpgsqlDbType.Date, ct);
                await writer.WriteAsync(published, NpgsqlDbType.TimestampTz, ct);
                await writer.WriteAsync(published, NpgsqlDbType.TimestampTz, ct);
            }

            await writer.CompleteAsync(ct);
        }

        await WriteContentAsync(connection, ids, versions.Select(v => (v.Id, v.Disclosure.Title, v.Disclosure.Template, v.Disclosure.Factor)).ToList(), ct);
        await using (var update = new NpgsqlCommand(
            "UPDATE disclosures d SET current_version_id = v.id FROM disclosure_versions v WHERE v.disclosure_id = d.id AND d.current_version_id IS NULL", connection))
        {
            update.CommandTimeout = 600;
            await update.ExecuteNonQueryAsync(ct);
        }

        await ids.SaveAsync(ct);
        await transaction.CommitAsync(ct);

        // Fresh statistics, so that the planner sees the bulk at once rather than after autovacuum gets to it.
        await using (var analyze = new NpgsqlCommand("ANALYZE", connection))
        {
            analyze.CommandTimeout = 600;
            await analyze.ExecuteNonQueryAsync(ct);
        }

        logger.LogInformation("Generated {Count} synthetic disclosures for {Departments} departments in {Seconds:0.0} s", plan.Count, departments.Count, clockStart.Elapsed.TotalSeconds);
        return plan.Count;
    }

    /// <summary>The template without its performance forms (every table its set requires stays, so C1 holds).</summary>
    private static DisclosureDocument Lean(DisclosureDocument document) => document with
    {
        Tables = [.. document.Tables.Where(t => t.Fields is not { Count: > 0 } && t.Code is not ("perf_dept" or "perf_project" or "self_eval_dept" or "self_eval_project"))],
    };

    private static async Task WriteContentAsync(NpgsqlConnection connection, IdRanges ids, List<(int VersionId, string Title, DisclosureDocument Template, int Factor)> versions, CancellationToken ct)
    {
        // The template's tables flattened once; each version writes them with its own ids and factor.
        var tables = versions.Select(v => v.Template).Distinct().ToDictionary(t => t, t => t.Tables.Select((table, i) => (Entity: DisclosureMapper.ToEntity(table, i + 1), Table: table)).ToList());
        var tableIds = new List<(int TableId, int VersionId, DisclosureTable Entity, int Factor)>();
        await using (var writer = await Import(connection, "COPY disclosure_tables (id, version_id, ordinal, number, code, title, unit, decimals, missing, empty_note, footnotes) FROM STDIN (FORMAT BINARY)", ct))
        {
            foreach (var v in versions)
            {
                foreach (var (entity, _) in tables[v.Template])
                {
                    var id = ids.Next("disclosure_tables");
                    tableIds.Add((id, v.VersionId, entity, v.Factor));
                    await writer.StartRowAsync(ct);
                    await writer.WriteAsync(id, NpgsqlDbType.Integer, ct);
                    await writer.WriteAsync(v.VersionId, NpgsqlDbType.Integer, ct);
                    await writer.WriteAsync(entity.Ordinal, NpgsqlDbType.Integer, ct);
                    await writer.WriteAsync(entity.Number, NpgsqlDbType.Varchar, ct);
                    await WriteNullable(writer, entity.Code, ct);
                    await writer.WriteAsync(entity.Title, NpgsqlDbType.Varchar, ct);
                    await WriteNullable(writer, entity.Unit, ct);
                    await writer.WriteAsync(entity.Decimals, NpgsqlDbType.Integer, ct);
                    await writer.WriteAsync(entity.Missing, NpgsqlDbType.Boolean, ct);
                    await WriteNullable(writer, entity.EmptyNote, ct);
                    await writer.WriteAsync(entity.Footnotes.ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text, ct);
                }
            }

            await writer.CompleteAsync(ct);
        }

        await using (var writer = await Import(connection, "COPY table_columns (id, table_id, ordinal, parent_ordinal, title, key, type, role, leaf_index) FROM STDIN (FORMAT BINARY)", ct))
        {
            foreach (var (tableId, _, entity, _) in tableIds)
            {
                foreach (var c in entity.Columns)
                {
                    await writer.StartRowAsync(ct);
                    await writer.WriteAsync(ids.Next("table_columns"), NpgsqlDbType.Integer, ct);
                    await writer.WriteAsync(tableId, NpgsqlDbType.Integer, ct);
                    await writer.WriteAsync(c.Ordinal, NpgsqlDbType.Integer, ct);
                    await WriteNullable(writer, c.ParentOrdinal, ct);
                    await writer.WriteAsync(c.Title, NpgsqlDbType.Varchar, ct);
                    await WriteNullable(writer, c.Key, ct);
                    await WriteNullable(writer, c.Type, ct);
                    await WriteNullable(writer, c.Role, ct);
                    await WriteNullable(writer, c.LeafIndex, ct);
                }
            }

            await writer.CompleteAsync(ct);
        }

        var rowIds = new List<(int RowId, TableRow Row, int Factor)>();
        await using (var writer = await Import(connection, "COPY table_rows (id, table_id, ordinal, level, role, code, name, unit_code, project) FROM STDIN (FORMAT BINARY)", ct))
        {
            foreach (var (tableId, _, entity, factor) in tableIds)
            {
                foreach (var r in entity.Rows)
                {
                    var id = ids.Next("table_rows");
                    rowIds.Add((id, r, factor));
                    await writer.StartRowAsync(ct);
                    await writer.WriteAsync(id, NpgsqlDbType.Integer, ct);
                    await writer.WriteAsync(tableId, NpgsqlDbType.Integer, ct);
                    await writer.WriteAsync(r.Ordinal, NpgsqlDbType.Integer, ct);
                    await writer.WriteAsync(r.Level, NpgsqlDbType.Integer, ct);
                    await WriteNullable(writer, r.Role, ct);
                    await WriteNullable(writer, r.Code, ct);
                    await WriteNullable(writer, r.Name, ct);
                    await WriteNullable(writer, r.UnitCode, ct);
                    await WriteNullable(writer, r.Project, ct);
                }
            }

            await writer.CompleteAsync(ct);
        }

        await using (var writer = await Import(connection, "COPY table_cells (row_id, column_index, amount, text) FROM STDIN (FORMAT BINARY)", ct))
        {
            foreach (var (rowId, row, factor) in rowIds)
            {
                foreach (var cell in row.Cells)
                {
                    await writer.StartRowAsync(ct);
                    await writer.WriteAsync(rowId, NpgsqlDbType.Integer, ct);
                    await writer.WriteAsync(cell.ColumnIndex, NpgsqlDbType.Integer, ct);
                    await WriteNullable(writer, cell.Amount * factor, ct);
                    await WriteNullable(writer, cell.Text, ct);
                }
            }

            await writer.CompleteAsync(ct);
        }

        await using (var writer = await Import(connection, "COPY narrative_sections (id, version_id, ordinal, key, title, body) FROM STDIN (FORMAT BINARY)", ct))
        {
            foreach (var v in versions)
            {
                await writer.StartRowAsync(ct);
                await writer.WriteAsync(ids.Next("narrative_sections"), NpgsqlDbType.Integer, ct);
                await writer.WriteAsync(v.VersionId, NpgsqlDbType.Integer, ct);
                await writer.WriteAsync(1, NpgsqlDbType.Integer, ct);
                await writer.WriteAsync("overview", NpgsqlDbType.Varchar, ct);
                await writer.WriteAsync("第一部分 概况", NpgsqlDbType.Varchar, ct);
                await writer.WriteAsync($"### 一、主要职责\n\n{v.Title.Replace("部门预算", "", StringComparison.Ordinal).Replace("部门决算", "", StringComparison.Ordinal)}的职责见政府门户网站公布的权责清单。（合成数据，用于规模测试。）", NpgsqlDbType.Varchar, ct);
            }

            await writer.CompleteAsync(ct);
        }
    }

    /// <summary>A binary COPY that may run for minutes (20,000 disclosures): no 30-second command timeout.</summary>
    private static async Task<NpgsqlBinaryImporter> Import(NpgsqlConnection connection, string copy, CancellationToken ct)
    {
        var importer = await connection.BeginBinaryImportAsync(copy, ct);
        importer.Timeout = TimeSpan.FromMinutes(30);
        return importer;
    }

    private static Task WriteNullable<T>(NpgsqlBinaryImporter writer, T? value, CancellationToken ct) =>
        value is null ? writer.WriteNullAsync(ct) : writer.WriteAsync(value, ct);

    /// <summary>Ids handed out from each table's current maximum; the identity sequences are moved past them at the end.</summary>
    private sealed class IdRanges(NpgsqlConnection connection)
    {
        private static readonly string[] Tables = ["disclosures", "disclosure_versions", "disclosure_tables", "table_columns", "table_rows", "narrative_sections"];
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
