using System.Globalization;
using BudgetPortal.Core.Checks;
using BudgetPortal.Core.CodeLists;
using BudgetPortal.Core.Documents;
using BudgetPortal.Core.TableSets;

namespace BudgetPortal.Core.Synthetic;

/// <summary>The result of filling a table set: the document, and what could not be made consistent (empty when all is).</summary>
public sealed record FilledDocument(DisclosureDocument Document, IReadOnlyList<string> Problems);

/// <summary>
/// Fills the tables of any table set from a <see cref="SyntheticLedger"/>, guided by the set's own rules, not by knowledge
/// of one set: rows by the table's kind of rows (functional 类/款/项, economic 类/款, projects under their units, units),
/// the ledger's figures in the columns that no row rule derives (personnel, running costs, projects, the fund that pays),
/// then every other figure derived from the rules (sums, rows, hierarchies, levels, classes, codes) by propagation;
/// what no rule determines stays blank. Tables of funds the ledger does not have (政府性基金, 国有资本经营, 债务) are left
/// empty with their note. A set whose rules cannot all be met this way is reported in <see cref="FilledDocument.Problems"/>.
/// </summary>
public static class TableSetFiller
{
    private sealed record RowInfo(RowDocument Row, string? Key, object? Source);

    private sealed record Cell(int Table, int Row, int Column);

    private sealed record Equation(Cell Left, List<(Cell Cell, int Sign)> Right, bool Horizontal);

    private static readonly string[] EmptyFunds = ["gov_fund", "state_capital", "debt", "special_funds"];

    /// <summary>Columns whose value a ledger row gives directly (personnel, running, projects, the paying fund).</summary>
    private static long? LedgerValue(object? source, string key) => source switch
    {
        LedgerItem i => Value(key, i.Personnel, i.Public, i.Project),
        LedgerUnit u => Value(key, u.Personnel, u.Public, u.Project),
        LedgerProject p => Value(key, 0, 0, p.Amount),
        LedgerEconomic e => Value(key, e.Item.Nature == SpendingNature.Personnel ? e.Basic : 0, e.Item.Nature == SpendingNature.Public ? e.Basic : 0, e.Project),
        _ => null,
    };

    private static long Value(string key, long personnel, long publicFunds, long project) => key switch
    {
        "personnel" or "wages" => personnel,
        "public_funds" or "public" or "goods_services" => publicFunds,
        "project" or "specific_target" => project,
        "basic" => personnel + publicFunds,
        "total" or "current_income" or "current" or "gpb" or "fiscal" or "amount" or "cur_total" or "cur_gpb" or "gpb_fiscal" => personnel + publicFunds + project,
        _ => 0,
    };

    public static FilledDocument Fill(TableSetDefinition set, SyntheticLedger ledger, CodeBook codes, DisclosureDocument header)
    {
        var resolver = new RowResolver(set, codes);
        var problems = new List<string>();
        var tables = new List<TableDocument>();
        var infos = new List<List<RowInfo>>();
        foreach (var template in set.Tables)
        {
            var blank = template.BlankTable();
            var rows = blank.Rows.Select((r, i) => new RowInfo(r, template.FixedRows?[i].Key, null)).ToList();
            var code = template.Code ?? "";
            if (!EmptyFunds.Any(code.Contains) && !code.StartsWith("perf", StringComparison.Ordinal) && !code.StartsWith("self_eval", StringComparison.Ordinal))
            {
                rows.AddRange(template.RowKind switch
                {
                    "functional" => FunctionalRows(blank, ledger, codes),
                    "economic" => EconomicRows(blank, ledger, codes, basicOnly: code.Contains("basic", StringComparison.Ordinal), government: code.Contains("gov", StringComparison.Ordinal)),
                    "projects" => ProjectRows(blank, ledger, code == "projects" ? 1.0 : code.Contains("procurement", StringComparison.Ordinal) || code.Contains("purchase", StringComparison.Ordinal) ? 0.5 : 0),
                    "units" => UnitRows(blank, ledger),
                    "fixed" when set.Rules.Any(r => r.Kind == "levels" && r.Table == code) => UnitRows(blank, ledger),
                    _ => [],
                });
            }

            tables.Add(blank);
            infos.Add(rows);
        }

        // The department's classes printed on the class side of the tables that rules read classes from (收支总表).
        foreach (var rule in set.Rules.Where(r => r.Kind == "classes" && r.Table is not null))
        {
            var index = tables.FindIndex(t => t.Code == rule.Table);
            if (index >= 0)
            {
                PlaceClasses(tables[index], infos[index], rule, ledger, codes, resolver);
            }
        }

        for (var t = 0; t < tables.Count; t++)
        {
            tables[t] = RowIdentity.Apply(tables[t] with { Rows = [.. infos[t].Select(i => i.Row)] });
            infos[t] = [.. infos[t].Select((info, r) => info with { Row = tables[t].Rows[r] })];
        }

        var values = new Dictionary<Cell, long>();
        var equations = Equations(set, tables, resolver);
        var targets = equations.Where(e => e.Horizontal).Select(e => (e.Left.Table, e.Left.Column)).ToHashSet();
        for (var t = 0; t < tables.Count; t++)
        {
            var leaves = tables[t].Leaves();
            for (var r = 0; r < infos[t].Count; r++)
            {
                var info = infos[t][r];
                for (var c = 0; c < leaves.Count; c++)
                {
                    if (leaves[c].Type != ColumnTypes.Amount || leaves[c].Key is not { } key || targets.Contains((t, c)))
                    {
                        continue;
                    }

                    if (LedgerValue(info.Source, key) is { } v)
                    {
                        values[new Cell(t, r, c)] = v;
                    }
                    else if (info.Key is { } rowKey && ledger.ThreePublic.TryGetValue(rowKey, out var byRow))
                    {
                        values[new Cell(t, r, c)] = byRow;
                    }
                    else if (ledger.ThreePublic.TryGetValue(key, out var byColumn) && info.Row.Role != RowRoles.ColumnNumbers)
                    {
                        values[new Cell(t, r, c)] = byColumn;
                    }
                }
            }
        }

        Solve(equations, values, tables, infos, problems);
        var filled = tables.Select((table, t) => Write(table, t, values)).ToList();
        var summary = filled.FirstOrDefault(t => t.Code == "summary");
        var document = header with
        {
            TableSet = set.Code,
            Tables = filled,
            Sections = Narrative(ledger, header, summary),
        };
        return new FilledDocument(document, problems);
    }

    private static IEnumerable<RowInfo> FunctionalRows(TableDocument table, SyntheticLedger ledger, CodeBook codes)
    {
        var leaves = table.Leaves();
        var codeColumns = Enumerable.Range(0, leaves.Count).Where(i => leaves[i].Role == ColumnRoles.Code).ToList();
        var name = IndexOfRole(leaves, ColumnRoles.Name);
        if (codeColumns.Count is not (1 or 3))
        {
            yield break;
        }

        // One code column (2050101), or 类/款/项 printed apart (205 | 01 | 01), as some regions lay them out.
        (int, string?)[] Code(string code) => codeColumns.Count == 1
            ? [(codeColumns[0], code)]
            : [(codeColumns[0], code[..3]), (codeColumns[1], code.Length >= 5 ? code[3..5] : null), (codeColumns[2], code.Length >= 7 ? code[5..7] : null)];

        foreach (var klass in ledger.Items.GroupBy(i => i.Code[..3]))
        {
            yield return new RowInfo(Row(leaves, 1, [.. Code(klass.Key), (name, FunctionalName(klass.Key, codes))]), null, Aggregate(klass));
            foreach (var kuan in klass.GroupBy(i => i.Code[..5]))
            {
                yield return new RowInfo(Row(leaves, 2, [.. Code(kuan.Key), (name, FunctionalName(kuan.Key, codes))]), null, Aggregate(kuan));
                foreach (var item in kuan)
                {
                    yield return new RowInfo(Row(leaves, 3, [.. Code(item.Code), (name, FunctionalName(item.Code, codes))]), null, item);
                }
            }
        }
    }

    /// <summary>A parent row's ledger figures: derived by the hierarchy rules anyway, given for tables that have none.</summary>
    private static LedgerItem Aggregate(IEnumerable<LedgerItem> items)
    {
        var list = items.ToList();
        return new LedgerItem(list[0].Code, list.Sum(i => i.Personnel), list.Sum(i => i.Public), list.Sum(i => i.Project));
    }

    private static string FunctionalName(string code, CodeBook codes) =>
        codes.Find(code)?.Name ?? SyntheticCatalog.FunctionalNames.GetValueOrDefault(code, "其他支出");

    private static IEnumerable<RowInfo> EconomicRows(TableDocument table, SyntheticLedger ledger, CodeBook codes, bool basicOnly, bool government)
    {
        var leaves = table.Leaves();
        var code = IndexOfRole(leaves, ColumnRoles.Code);
        var name = IndexOfRole(leaves, ColumnRoles.Name);
        if (code < 0 || leaves.Count(l => l.Role == ColumnRoles.Code || l.Type == ColumnTypes.Code) > 1)
        {
            yield break;
        }

        var lines = ledger.Economic
            .Select(e => basicOnly ? e with { Project = 0 } : e)
            .Where(e => e.Basic + e.Project > 0)
            .GroupBy(e => government ? e.Item.GovCode : e.Item.Code)
            .Select(g => (Code: g.Key, Name: government ? SyntheticCatalog.EconomicNames[g.Key] : g.First().Item.Name,
                Source: new LedgerEconomic(g.First().Item, g.Sum(e => e.Basic), g.Sum(e => e.Project))))
            .OrderBy(x => x.Code, StringComparer.Ordinal)
            .ToList();
        foreach (var klass in lines.GroupBy(l => l.Code[..3]))
        {
            var sum = new LedgerItem(klass.Key, klass.Sum(x => Personnel(x.Source)), klass.Sum(x => Public(x.Source)), klass.Sum(x => x.Source.Project));
            yield return new RowInfo(Row(leaves, 1, (code, klass.Key), (name, codes.Find(klass.Key)?.Name ?? SyntheticCatalog.EconomicNames[klass.Key])), null, sum);
            foreach (var line in klass)
            {
                yield return new RowInfo(Row(leaves, 2, (code, line.Code), (name, codes.Find(line.Code)?.Name ?? line.Name)), null, line.Source);
            }
        }

        static long Personnel(LedgerEconomic e) => e.Item.Nature == SpendingNature.Personnel ? e.Basic : 0;
        static long Public(LedgerEconomic e) => e.Item.Nature == SpendingNature.Public ? e.Basic : 0;
    }

    private static IEnumerable<RowInfo> ProjectRows(TableDocument table, SyntheticLedger ledger, double share)
    {
        var leaves = table.Leaves();
        var project = IndexOfRole(leaves, ColumnRoles.Project);
        var name = IndexOfRole(leaves, ColumnRoles.Name);
        var code = IndexOfRole(leaves, ColumnRoles.Code);
        if (project < 0 || share <= 0)
        {
            yield break;
        }

        var projects = share >= 1 ? ledger.Projects : ledger.Projects.Take(Math.Max(1, ledger.Projects.Count / 2))
            .Select(p => p with { Amount = Math.Max(100, (long)Math.Round(p.Amount * share / 100) * 100) }).ToList();
        foreach (var unit in ledger.Units)
        {
            var own = projects.Where(p => p.Unit == unit.Name).ToList();
            if (own.Count == 0)
            {
                continue;
            }

            var label = name >= 0 ? name : leaves.ToList().FindIndex(l => l.Type == ColumnTypes.Text && l.Role != ColumnRoles.Project);
            yield return new RowInfo(Row(leaves, 1, (code, unit.Code), (label, unit.Name)), null,
                new LedgerUnit(unit, 0, 0, own.Sum(p => p.Amount)));
            foreach (var p in own)
            {
                yield return new RowInfo(Row(leaves, 2, (project, p.Name)), null, p);
            }
        }
    }

    private static IEnumerable<RowInfo> UnitRows(TableDocument table, SyntheticLedger ledger)
    {
        var leaves = table.Leaves();
        var name = IndexOfRole(leaves, ColumnRoles.Name);
        var code = leaves.ToList().FindIndex(l => l.Role is ColumnRoles.Code or ColumnRoles.Unit);
        if (name < 0)
        {
            yield break;
        }

        foreach (var unit in ledger.ByUnit.Where(u => u.Total > 0))
        {
            yield return new RowInfo(Row(leaves, 1, (code, unit.Unit.Code), (name, unit.Unit.Name)), null, unit);
        }
    }

    private static void PlaceClasses(TableDocument table, List<RowInfo> rows, CheckRule rule, SyntheticLedger ledger, CodeBook codes, RowResolver resolver)
    {
        var leaves = table.Leaves();
        var column = leaves.ToList().FindIndex(l => l.Key == rule.Column);
        if (column < 0)
        {
            return;
        }

        var item = Enumerable.Range(0, column).Reverse().SkipWhile(i => leaves[i].IsNumeric).TakeWhile(i => !leaves[i].IsNumeric)
            .Where(i => leaves[i].Type == ColumnTypes.Text).DefaultIfEmpty(-1).Last();
        if (item < 0)
        {
            return;
        }

        var classes = ledger.Items.Select(i => i.Code[..3]).Distinct().ToList();
        var ordinal = 0;
        foreach (var klass in classes)
        {
            if (rows.Any(r => r.Row.Cells.ElementAtOrDefault(item).Text is { } text && resolver.ClassOf(text, rule.Aliases) == klass))
            {
                continue;
            }

            var printed = $"{Chinese(++ordinal)}、{FunctionalName(klass, codes)}";
            var firstTotal = rows.FindIndex(r => r.Row.Role == RowRoles.Total);
            var free = rows.FindIndex(r => r.Row.Role is null && (firstTotal < 0 || rows.IndexOf(r) < firstTotal)
                && item < r.Row.Cells.Count && r.Row.Cells[item].IsBlank && r.Row.Cells.Skip(item + 1).All(c => c.IsBlank));
            if (free >= 0)
            {
                var cells = rows[free].Row.Cells.ToList();
                cells[item] = CellValue.Of(printed);
                rows[free] = rows[free] with { Row = rows[free].Row with { Cells = cells } };
            }
            else
            {
                var cells = Enumerable.Range(0, leaves.Count).Select(i => i == item ? CellValue.Of(printed) : CellValue.Blank).ToList();
                rows.Insert(firstTotal < 0 ? rows.Count : firstTotal, new RowInfo(new RowDocument { Cells = cells }, null, null));
            }
        }
    }

    private static string Chinese(int n)
    {
        string[] digits = ["", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
        return n < 10 ? digits[n] : n == 10 ? "十" : n < 20 ? "十" + digits[n - 10] : digits[n / 10] + "十" + digits[n % 10];
    }

    private static int IndexOfRole(IReadOnlyList<ColumnNode> leaves, string role) => leaves.ToList().FindIndex(l => l.Role == role);

    private static RowDocument Row(IReadOnlyList<ColumnNode> leaves, int level, params (int Index, string? Text)[] texts) => new()
    {
        Level = level,
        Cells = [.. Enumerable.Range(0, leaves.Count).Select(i => texts.FirstOrDefault(t => t.Index == i && t.Index >= 0) is { Text: { } text } ? CellValue.Of(text) : CellValue.Blank)],
    };

    private static List<Equation> Equations(TableSetDefinition set, List<TableDocument> tables, RowResolver resolver)
    {
        var equations = new List<Equation>();
        int TableOf(string? code) => code is null ? -1 : tables.FindIndex(t => t.Code == code);
        int Leaf(int t, string? key) => t < 0 || key is null ? -1 : tables[t].Leaves().ToList().FindIndex(l => l.Key == key);
        int RowOf(int t, RowSelector selector, IReadOnlyDictionary<string, string>? aliases = null)
        {
            var table = tables[t];
            var row = selector.Total ? table.Rows.FirstOrDefault(r => r.Role == RowRoles.Total)
                : selector.Code is { } code ? table.Rows.FirstOrDefault(r => r.Role != RowRoles.Total && r.Code == code)
                : resolver.Find(table, selector, aliases);
            return row is null ? -1 : table.Rows.IndexOf(row);
        }

        Cell? Term(CellTerm term, IReadOnlyDictionary<string, string>? aliases = null)
        {
            var t = TableOf(term.Table);
            if (t < 0)
            {
                return null;
            }

            var r = RowOf(t, term.Row, aliases);
            var c = Leaf(t, term.Column);
            return r < 0 || c < 0 ? null : new Cell(t, r, c);
        }

        foreach (var rule in set.Rules)
        {
            switch (rule.Kind)
            {
                case "sum" when rule.Left is not null && rule.Right is not null:
                    if (Term(rule.Left) is { } left)
                    {
                        equations.Add(new Equation(left, [.. rule.Right.Select(r => (Term(r), r.Sign == 0 ? 1 : r.Sign)).Where(x => x.Item1 is not null).Select(x => (x.Item1!, x.Item2))], false));
                    }

                    break;
                case "classes":
                {
                    var t = TableOf(rule.Table);
                    var c = Leaf(t, rule.Column);
                    if (c < 0)
                    {
                        break;
                    }

                    var leaves = tables[t].Leaves();
                    var item = Enumerable.Range(0, c).Reverse().SkipWhile(i => leaves[i].IsNumeric).TakeWhile(i => !leaves[i].IsNumeric).Where(i => leaves[i].Type == ColumnTypes.Text).ToList();
                    var classRows = new List<(int Row, string Code)>();
                    for (var r = 0; r < tables[t].Rows.Count; r++)
                    {
                        var row = tables[t].Rows[r];
                        if (row.Role is RowRoles.Total or RowRoles.ColumnNumbers)
                        {
                            continue;
                        }

                        var printed = item.Select(i => row.Cells.ElementAtOrDefault(i).Text).FirstOrDefault(x => !string.IsNullOrWhiteSpace(x));
                        if (printed is not null && (row.Code is { Length: 3 } code ? code : resolver.ClassOf(printed, rule.Aliases)) is { } klass)
                        {
                            classRows.Add((r, klass));
                        }
                    }

                    if (rule.OtherTable is not null)
                    {
                        var o = TableOf(rule.OtherTable);
                        var oc = Leaf(o, rule.OtherColumn ?? rule.Column);
                        foreach (var (r, klass) in classRows)
                        {
                            var or = o < 0 ? -1 : tables[o].Rows.FindIndex(x => x.Role != RowRoles.Total && x.Code == klass);
                            equations.Add(new Equation(new Cell(t, r, c), or < 0 || oc < 0 ? [] : [(new Cell(o, or, oc), 1)], false));
                        }
                    }

                    if (rule.Left is not null && Term(rule.Left) is { } total && classRows.Count > 0)
                    {
                        equations.Add(new Equation(total, [.. classRows.Select(x => (new Cell(t, x.Row, c), 1))], false));
                    }

                    break;
                }

                case "rows":
                {
                    var t = TableOf(rule.Table);
                    var target = Leaf(t, rule.Target);
                    var parts = (rule.Parts ?? []).Select(p => (Index: Leaf(t, p.TrimStart('-')), Sign: p.StartsWith('-') ? -1 : 1)).ToList();
                    if (target < 0 || parts.Count == 0 || parts.Any(p => p.Index < 0))
                    {
                        break;
                    }

                    for (var r = 0; r < tables[t].Rows.Count; r++)
                    {
                        var row = tables[t].Rows[r];
                        if (row.Role != RowRoles.ColumnNumbers && (rule.RowFilter != "coded" || row.Code is not null))
                        {
                            equations.Add(new Equation(new Cell(t, r, target), [.. parts.Select(p => (new Cell(t, r, p.Index), p.Sign))], true));
                        }
                    }

                    break;
                }

                case "hierarchy":
                {
                    var t = TableOf(rule.Table);
                    if (t < 0 || rule.Column is not null)
                    {
                        break;
                    }

                    var rows = tables[t].Rows;
                    var coded = Enumerable.Range(0, rows.Count).Where(r => rows[r].Role != RowRoles.Total && rows[r].Code is { Length: > 0 } c && c.All(char.IsAsciiDigit)).ToList();
                    if (coded.Count == 0)
                    {
                        break;
                    }

                    var columns = AmountColumns(tables[t], rule.Columns);
                    foreach (var parent in coded)
                    {
                        var descendants = coded.Where(r => rows[r].Code!.Length > rows[parent].Code!.Length && rows[r].Code!.StartsWith(rows[parent].Code!, StringComparison.Ordinal)).ToList();
                        if (descendants.Count == 0)
                        {
                            continue;
                        }

                        var length = descendants.Min(r => rows[r].Code!.Length);
                        var children = descendants.Where(r => rows[r].Code!.Length == length).ToList();
                        equations.AddRange(columns.Select(c => new Equation(new Cell(t, parent, c), [.. children.Select(r => (new Cell(t, r, c), 1))], false)));
                    }

                    var totalRow = rows.ToList().FindIndex(r => r.Role == RowRoles.Total);
                    if (totalRow >= 0)
                    {
                        var top = coded.Min(r => rows[r].Code!.Length);
                        var tops = coded.Where(r => rows[r].Code!.Length == top).ToList();
                        equations.AddRange(columns.Select(c => new Equation(new Cell(t, totalRow, c), [.. tops.Select(r => (new Cell(t, r, c), 1))], false)));
                    }

                    break;
                }

                case "levels":
                {
                    var t = TableOf(rule.Table);
                    if (t < 0)
                    {
                        break;
                    }

                    var rows = Enumerable.Range(0, tables[t].Rows.Count).Where(r => tables[t].Rows[r].Role != RowRoles.ColumnNumbers).ToList();
                    var columns = AmountColumns(tables[t], rule.Columns);
                    for (var i = 0; i < rows.Count; i++)
                    {
                        var parent = tables[t].Rows[rows[i]];
                        var level = parent.Role == RowRoles.Total ? 0 : parent.Level;
                        var children = new List<int>();
                        for (var j = i + 1; j < rows.Count && tables[t].Rows[rows[j]].Role != RowRoles.Total && tables[t].Rows[rows[j]].Level > level; j++)
                        {
                            if (tables[t].Rows[rows[j]].Level == level + 1)
                            {
                                children.Add(rows[j]);
                            }
                        }

                        if (children.Count > 0)
                        {
                            equations.AddRange(columns.Select(c => new Equation(new Cell(t, rows[i], c), [.. children.Select(r => (new Cell(t, r, c), 1))], false)));
                        }
                    }

                    break;
                }

                case "codes" when rule.Relation is null or "eq":
                {
                    var t = TableOf(rule.Table);
                    var o = TableOf(rule.OtherTable);
                    var c = Leaf(t, rule.Column);
                    var oc = Leaf(o, rule.OtherColumn ?? rule.Column);
                    if (c < 0 || oc < 0)
                    {
                        break;
                    }

                    for (var r = 0; r < tables[t].Rows.Count; r++)
                    {
                        var row = tables[t].Rows[r];
                        if (row.Role != RowRoles.Total && row.Code is not null)
                        {
                            var match = tables[o].Rows.FindIndex(x => x.Role != RowRoles.Total && x.Code == row.Code);
                            equations.Add(new Equation(new Cell(t, r, c), match < 0 ? [] : [(new Cell(o, match, oc), 1)], false));
                        }
                    }

                    break;
                }
            }
        }

        return equations;
    }

    private static List<int> AmountColumns(TableDocument table, List<string>? wanted)
    {
        var leaves = table.Leaves();
        return [.. Enumerable.Range(0, leaves.Count).Where(i => leaves[i].Type == ColumnTypes.Amount && (wanted is null || wanted.Contains(leaves[i].Key!)))];
    }

    /// <summary>Preference of the cell that takes an undetermined amount: the general budget and current-year lines first.</summary>
    private static readonly string[] Preferred = ["gpb", "fiscal", "current_income", "current", "current_total", "amount", "exp_amount", "total", "basic", "final", "budget"];

    private static int Preference(Cell cell, List<TableDocument> tables, List<List<RowInfo>> infos)
    {
        var key = tables[cell.Table].Leaves()[cell.Column].Key ?? "";
        var rowKey = infos[cell.Table][cell.Row].Key ?? "";
        var byColumn = Array.IndexOf(Preferred, key);
        var byRow = Array.IndexOf(Preferred, rowKey);
        return Math.Min(byColumn < 0 ? 100 : byColumn, byRow < 0 ? 100 : byRow + 1);
    }

    private static void Solve(List<Equation> equations, Dictionary<Cell, long> values, List<TableDocument> tables, List<List<RowInfo>> infos, List<string> problems)
    {
        var open = new List<Equation>(equations);
        while (open.Count > 0)
        {
            var progress = true;
            while (progress)
            {
                progress = false;
                for (var i = open.Count - 1; i >= 0; i--)
                {
                    var e = open[i];
                    var (unknowns, first) = FirstUnknown(e, values);
                    if (unknowns == 0)
                    {
                        var right = e.Right.Sum(x => x.Sign * values[x.Cell]);
                        if (values[e.Left] != right)
                        {
                            problems.Add($"{Describe(e.Left, tables)}: {values[e.Left]} ≠ {right}");
                        }

                        open.RemoveAt(i);
                        progress = true;
                    }
                    else if (unknowns == 1)
                    {
                        var cell = first!;
                        var right = e.Right.Where(x => x.Cell != cell).Sum(x => x.Sign * values[x.Cell]);
                        values[cell] = cell == e.Left ? right : e.Right.First(x => x.Cell == cell).Sign * (values[e.Left] - right);
                        progress = true;
                    }
                }
            }

            if (open.Count == 0)
            {
                break;
            }

            // Stuck: one line takes the undetermined amount, the others stay blank — row rules first (a row's fund).
            var stuck = open.Where(e => values.ContainsKey(e.Left)).OrderByDescending(e => e.Horizontal).FirstOrDefault();
            if (stuck is not null)
            {
                var unknown = Unknowns(stuck, values);
                var taker = unknown.OrderBy(c => Preference(c, tables, infos)).First();
                foreach (var cell in unknown.Where(c => c != taker))
                {
                    values[cell] = 0;
                }
            }
            else
            {
                foreach (var cell in Unknowns(open[0], values).Where(c => c != open[0].Left))
                {
                    values[cell] = 0;
                }
            }
        }

        foreach (var (cell, value) in values.Where(kv => kv.Value < 0))
        {
            problems.Add($"{Describe(cell, tables)}: 负数 {value}");
        }
    }

    /// <summary>
    /// Whether the equation has no cell without a value (0), one (1, that cell) or more (2, the first): what
    /// <see cref="Unknowns"/> would count, without making the list, in the loop that asks it of every open equation
    /// again after each value found (decision 0440).
    /// </summary>
    private static (int Count, Cell? First) FirstUnknown(Equation e, Dictionary<Cell, long> values)
    {
        var first = values.ContainsKey(e.Left) ? null : e.Left;
        foreach (var (cell, _) in e.Right)
        {
            if (values.ContainsKey(cell) || cell == first)
            {
                continue;
            }

            if (first is not null)
            {
                return (2, first);
            }

            first = cell;
        }

        return (first is null ? 0 : 1, first);
    }

    private static List<Cell> Unknowns(Equation e, Dictionary<Cell, long> values) =>
        [.. e.Right.Select(x => x.Cell).Prepend(e.Left).Where(c => !values.ContainsKey(c)).Distinct()];

    private static string Describe(Cell cell, List<TableDocument> tables)
    {
        var table = tables[cell.Table];
        return $"{table.Number} 第 {cell.Row + 1} 行 {table.Leaves()[cell.Column].Key}";
    }

    private static TableDocument Write(TableDocument table, int t, Dictionary<Cell, long> values)
    {
        var factor = AmountUnit.OfTable(table).Factor;
        var format = "F" + table.Decimals.ToString(CultureInfo.InvariantCulture);
        return table with
        {
            Rows = [.. table.Rows.Select((row, r) => row with
            {
                Cells = [.. row.Cells.Select((cell, c) => values.TryGetValue(new Cell(t, r, c), out var yuan) && yuan != 0
                    ? CellValue.Of(decimal.Parse((yuan / factor).ToString(format, CultureInfo.InvariantCulture), CultureInfo.InvariantCulture))
                    : cell)],
            })],
        };
    }

    private static List<NarrativeSection> Narrative(SyntheticLedger ledger, DisclosureDocument header, TableDocument? summary)
    {
        var units = string.Join("、", ledger.Units.Select(u => u.Name));
        var overview = $"### 一、主要职责\n\n{ledger.Department}{ledger.Kind.Duty}。\n\n### 二、机构设置\n\n{ledger.Department}包括{ledger.Units.Count}个单位：{units}。";
        var sections = new List<NarrativeSection> { new() { Key = "overview", Title = $"第一部分 {ledger.Department}概况", Body = overview } };
        var projects = string.Join("、", ledger.Projects.Select(p => p.Name));
        var text = $"### 一、收支总体情况\n\n{header.Year}年度主要用于{projects}等工作。（合成数据，用于规模测试。）";
        if (summary is not null)
        {
            var unit = AmountUnit.OfTable(summary);
            var total = summary.Rows.LastOrDefault(r => r.Role == RowRoles.Total);
            var amounts = total?.Cells.Where(c => c.Number is not null).Select(c => c.Number!.Value).ToList() ?? [];
            if (amounts.Count == 2 && amounts[0] == amounts[1])
            {
                text = $"### 一、收支总体情况\n\n{header.Year}年度收入总计{amounts[0].ToString("F" + summary.Decimals, CultureInfo.InvariantCulture)}{unit.Name}，支出总计{amounts[1].ToString("F" + summary.Decimals, CultureInfo.InvariantCulture)}{unit.Name}，主要用于{projects}等工作。（合成数据，用于规模测试。）";
            }
        }

        sections.Add(new NarrativeSection { Key = "explanation", Title = $"第二部分 {header.Title}情况说明", Body = text });
        return sections;
    }
}
