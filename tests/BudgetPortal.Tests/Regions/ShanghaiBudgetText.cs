using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using BudgetPortal.Core.Documents;
using BudgetPortal.Core.TableSets;

namespace BudgetPortal.Tests.Regions;

/// <summary>
/// Reads a Shanghai district budget (区级部门预算 or 单位预算) from the text that <c>pdftotext -layout</c> gives of its
/// PDF, into a disclosure of the region's table set: the nine tables with every figure as printed (a blank cell stays
/// blank, <c>0</c> stays 0, decimals as printed) and the narrative sections. Pages are separated by form feeds; each
/// table and each narrative part starts on a page of its own, headed by its title.
/// Figures are placed in columns by where they stand on the page: a column left blank in one row (公用经费 of a 工资
/// row, 购置费 of the 三公 table) is found from the other rows of the same page.
/// </summary>
public static partial class ShanghaiBudgetText
{
    public static DisclosureDocument Read(string text, TableSetDefinition set, string slug, IReadOnlyList<string> region)
    {
        var pages = text.Replace("\r", "").Split('\f').Select(p => p.Split('\n')).ToList();
        var cover = pages[0].Select(l => l.Trim()).Where(l => l.Length > 0).ToList();
        var printedTitle = Collapse(cover[0]);
        var year = int.Parse(YearPattern().Match(printedTitle).Groups[1].Value, CultureInfo.InvariantCulture);
        var owner = cover.Select(l => OwnerPattern().Match(l)).First(m => m.Success);
        var isUnit = owner.Groups[1].Value == "预算单位";
        var department = owner.Groups[2].Value.Trim();

        var parts = SplitParts(pages, set);
        var sections = new List<NarrativeSection>();
        var tables = new List<TableDocument>();
        foreach (var part in parts)
        {
            if (part.Template is { } template)
            {
                tables.Add(ReadTable(part, template));
            }
            else if (part.SectionKey is { } key)
            {
                sections.Add(new NarrativeSection { Key = key, Title = part.Heading, Body = Paragraphs(part.Lines) });
            }
        }

        var document = new DisclosureDocument
        {
            Slug = slug,
            Title = isUnit ? printedTitle : $"{department}{year}年部门预算",
            Region = [.. region],
            Department = new DepartmentInfo { Name = department, Units = Units(sections, department, isUnit) },
            Year = year,
            Kind = DisclosureKinds.Budget,
            TableSet = set.Code,
            Sections = sections,
            Tables = tables,
        };

        // Through the exchange format, as the portal takes it: validated, and each row's code and name derived.
        return DisclosureJson.Parse(DisclosureJson.Serialize(document), slug);
    }

    private sealed record Part(string Heading, TableTemplateDefinition? Template, string? SectionKey, List<PageLines> Lines);

    /// <summary>The lines of one page that belong to a part (a part continued on the next page has one entry per page).</summary>
    private sealed record PageLines(int Page, List<string> Lines);

    private static List<Part> SplitParts(List<string[]> pages, TableSetDefinition set)
    {
        var parts = new List<Part>();
        Part? current = null;
        for (var p = 1; p < pages.Count; p++)
        {
            var lines = pages[p].ToList();
            var first = lines.FindIndex(l => l.Trim().Length > 0);
            if (first < 0)
            {
                continue;
            }

            var heading = Collapse(lines[first]);
            var template = set.Tables.FirstOrDefault(t => TitleMatches(heading, t.Title));
            var key = SectionKey(heading);
            if (heading.Replace(" ", "") == "目录")
            {
                current = null;
            }
            else if (template is not null || key is not null)
            {
                current = new Part(heading, template, key, [new PageLines(p, lines.Skip(first + 1).ToList())]);
                parts.Add(current);
            }
            else
            {
                current?.Lines.Add(new PageLines(p, lines.Skip(first).ToList()));
            }
        }

        return parts;
    }

    private static bool TitleMatches(string heading, string title)
    {
        var bare = LeadingYear().Replace(heading, "");
        return bare == title;
    }

    private static string? SectionKey(string heading) => heading switch
    {
        _ when heading.EndsWith("主要职能", StringComparison.Ordinal) => "overview",
        _ when heading.EndsWith("机构设置", StringComparison.Ordinal) => "overview",
        "名词解释" => "glossary",
        _ when heading.EndsWith("预算编制说明", StringComparison.Ordinal) => "explanation",
        "其他相关情况说明" => "explanation",
        "项目经费情况说明" => "other",
        _ => null,
    };

    // ---------------------------------------------------------------- narrative

    /// <summary>
    /// Joins the lines the PDF wrapped back into paragraphs: a paragraph starts indented or with a list number; a line
    /// at the margin continues the paragraph above (even after a full stop: "…（项）。" / "2023年当年…"), without a space
    /// (Chinese has none).
    /// </summary>
    private static string Paragraphs(List<PageLines> pages)
    {
        var paragraphs = new List<StringBuilder>();
        StringBuilder? current = null;
        foreach (var line in pages.SelectMany(p => p.Lines))
        {
            var trimmed = line.Trim();
            if (trimmed.Length == 0)
            {
                continue;
            }

            var indented = line.Length - line.TrimStart().Length >= 2;
            if (current is null || indented || ListItem().IsMatch(trimmed))
            {
                current = new StringBuilder();
                paragraphs.Add(current);
            }

            current.Append(trimmed);
        }

        return string.Join("\n\n", paragraphs.Select(p => Clean(p.ToString())));
    }

    /// <summary>Removes what the extraction adds, not what the document says: spaces before Chinese punctuation.</summary>
    private static string Clean(string text) => SpaceBeforePunctuation().Replace(text, "");

    private static List<UnitInfo> Units(List<NarrativeSection> sections, string department, bool isUnit)
    {
        if (isUnit)
        {
            return [new UnitInfo { Name = department, Kind = "本级" }];
        }

        var body = sections.FirstOrDefault(s => s.Title.EndsWith("机构设置", StringComparison.Ordinal))?.Body ?? "";
        var units = UnitLine().Matches(body).Select(m => m.Groups[1].Value).ToList();
        return units.Count == 0
            ? [new UnitInfo { Name = department, Kind = "本级" }]
            : [.. units.Select((u, i) => new UnitInfo { Name = u, Kind = i == 0 ? "本级" : "所属单位" })];
    }

    // ---------------------------------------------------------------- tables

    private sealed record Token(string Text, int Start)
    {
        public int End => Start + Text.Length;
        public bool IsNumber => NumberPattern().IsMatch(Text);
    }

    private static List<Token> Tokens(string line) => [.. TokenPattern().Matches(line).Select(m => new Token(m.Value, m.Index))];

    private static TableDocument ReadTable(Part part, TableTemplateDefinition template)
    {
        var lines = part.Lines.SelectMany(p => p.Lines.Select(l => (p.Page, Line: l))).ToList();
        var header = lines.Select(l => l.Line.Trim()).FirstOrDefault(l => l.StartsWith("编制", StringComparison.Ordinal)) ?? "";
        var unit = PrintedUnit().Match(header) is { Success: true } u ? u.Groups[1].Value : template.Unit;
        var notes = lines.Select(l => l.Line.Trim()).Where(l => l.StartsWith('注')).Select(Clean).ToList();
        var emptyNote = notes.FirstOrDefault(n => n.Contains("空表", StringComparison.Ordinal));
        var footnotes = notes.Where(n => n != emptyNote).ToList();
        var body = lines.Where(l => !l.Line.Trim().StartsWith('注') && !l.Line.Trim().StartsWith("编制", StringComparison.Ordinal)).ToList();

        var columns = template.Columns;
        List<RowDocument> rows = template.Code switch
        {
            "summary" or "fiscal_summary" => TwoSidedRows(body, template),
            "three_public" => ThreePublicRows(body, template, out columns, part.Heading),
            _ => GridRows(body, template),
        };

        return new TableDocument
        {
            Number = template.Number,
            Code = template.Code,
            Title = part.Heading,
            Unit = unit,
            Decimals = template.Decimals,
            Columns = columns,
            Rows = rows,
            EmptyNote = emptyNote,
            Footnotes = footnotes.Count > 0 ? footnotes : null,
        };
    }

    /// <summary>Classification tables: 类/款/项 codes, the name, then the amount columns; the 合计 row last.</summary>
    private static List<RowDocument> GridRows(List<(int Page, string Line)> lines, TableTemplateDefinition template)
    {
        var leaves = template.Columns.SelectMany(c => ColumnNode.Leaves([c])).ToList();
        var codeCount = leaves.Count(l => l.Role == ColumnRoles.Code);
        var nameIndex = leaves.FindIndex(l => l.Role == ColumnRoles.Name);
        var amountIndexes = Enumerable.Range(0, leaves.Count).Where(i => leaves[i].IsNumeric).ToList();

        var parsed = new List<(int Page, List<Token> Codes, string Name, List<Token> Numbers, bool Total)>();
        var namePosition = -1;
        foreach (var (page, line) in lines)
        {
            var tokens = Tokens(line);
            if (tokens.Count == 0)
            {
                continue;
            }

            var total = tokens[0].Text == "合计";
            var codes = total ? [] : tokens.TakeWhile(t => CodePattern().IsMatch(t.Text)).Take(codeCount).ToList();
            if (!total && codes.Count == 0)
            {
                // The rest of a name too long for its cell stands alone under it; anything else is a header line
                // (项目, 功能分类科目编码, 类 款 项 …), printed above the first row of each page.
                if (parsed.Count > 0 && parsed[^1].Page == page && !parsed[^1].Total && tokens.Count == 1 && !tokens[0].IsNumber
                    && Math.Abs(tokens[0].Start - namePosition) <= 2)
                {
                    parsed[^1] = parsed[^1] with { Name = parsed[^1].Name + tokens[0].Text };
                }

                continue;
            }

            if (!total)
            {
                namePosition = tokens[codes.Count].Start;
            }

            var rest = tokens.Skip(total ? 1 : codes.Count).ToList();
            var name = string.Concat(rest.TakeWhile(t => !t.IsNumber).Select(t => t.Text));
            var numbers = rest.SkipWhile(t => !t.IsNumber).Where(t => t.IsNumber).ToList();
            parsed.Add((page, codes, total ? "合计" : name, numbers, total));
        }

        var placement = new ColumnPlacement(amountIndexes.Count, parsed.Select(r => (r.Page, r.Numbers)));
        var rows = new List<RowDocument>();
        foreach (var row in parsed)
        {
            var cells = Enumerable.Repeat(CellValue.Blank, leaves.Count).ToArray();
            for (var c = 0; c < row.Codes.Count; c++)
            {
                cells[c] = CellValue.Of(row.Codes[c].Text);
            }

            cells[nameIndex] = CellValue.Of(row.Name);
            foreach (var (token, column) in placement.Place(row.Page, row.Numbers))
            {
                cells[amountIndexes[column]] = Amount(token.Text);
            }

            rows.Add(new RowDocument { Level = row.Total ? 0 : row.Codes.Count, Role = row.Total ? RowRoles.Total : null, Cells = [.. cells] });
        }

        return rows;
    }

    /// <summary>
    /// Two-sided tables (收支总表): an income item with its amount on the left, an expenditure item with its amounts on
    /// the right. Either side may be empty; a long expenditure item wraps onto the lines below its figures.
    /// </summary>
    private static List<RowDocument> TwoSidedRows(List<(int Page, string Line)> lines, TableTemplateDefinition template)
    {
        var leaves = template.Columns.SelectMany(c => ColumnNode.Leaves([c])).ToList();
        var incomeName = leaves.FindIndex(l => l.Role == ColumnRoles.Name);
        var incomeAmount = incomeName + 1;
        var expName = leaves.FindIndex(l => l.Key == "exp_name");
        var expAmounts = Enumerable.Range(expName + 1, leaves.Count - expName - 1).ToList();

        // An item is a run of text tokens (at most two spaces apart) followed by its figures.
        var items = new List<(int Page, int LineNo, string Text, int Start, List<Token> Numbers)>();
        var lineNo = 0;
        foreach (var (page, line) in lines)
        {
            lineNo++;
            var tokens = Tokens(line);
            if (tokens.Count == 0 || IsTwoSidedHeader(tokens))
            {
                continue;
            }

            var i = 0;
            while (i < tokens.Count)
            {
                var text = new StringBuilder();
                var start = tokens[i].Start;
                var end = start;
                while (i < tokens.Count && !tokens[i].IsNumber && (text.Length == 0 || tokens[i].Start - end <= 2))
                {
                    text.Append(text.Length > 0 && tokens[i].Start - end == 1 ? " " : "").Append(tokens[i].Text);
                    end = tokens[i].End;
                    i++;
                }

                var numbers = new List<Token>();
                while (i < tokens.Count && tokens[i].IsNumber)
                {
                    numbers.Add(tokens[i]);
                    i++;
                }

                items.Add((page, lineNo, text.ToString(), text.Length > 0 ? start : numbers[0].Start, numbers));
            }
        }

        // Where the expenditure side begins: the income items start near the margin.
        var expStart = items.Where(x => x.Text.Length > 0 && x.Start > 20).Select(x => x.Start).DefaultIfEmpty(30).Min() - 2;
        var expNumbers = items.Where(x => x.Start >= expStart || (x.Text.Length == 0)).Select(x => (x.Page, x.Numbers)).ToList();
        var placement = new ColumnPlacement(expAmounts.Count, expNumbers);

        var rows = new List<CellValue[]>();
        var totals = new HashSet<int>();
        var levels = new Dictionary<int, int>();
        CellValue[]? previous = null;
        foreach (var line in items.GroupBy(x => x.LineNo))
        {
            var row = Enumerable.Repeat(CellValue.Blank, leaves.Count).ToArray();
            var filled = false;
            foreach (var item in line)
            {
                var isIncome = item.Start < expStart && item.Text.Length > 0;
                if (isIncome)
                {
                    row[incomeName] = CellValue.Of(item.Text);
                    if (item.Numbers.Count > 0)
                    {
                        row[incomeAmount] = Amount(item.Numbers[0].Text);
                    }

                    // The first figure after an income item can also be the start of the expenditure side (no item).
                    foreach (var (token, column) in placement.Place(item.Page, item.Numbers.Skip(1).ToList()))
                    {
                        row[expAmounts[column]] = Amount(token.Text);
                    }

                    filled = true;
                }
                else if (item.Text.Length == 0 && previous is not null && previous[expName].Text is not null && expAmounts.All(c => previous[c].IsBlank))
                {
                    // Figures on a line of their own: they belong to the expenditure item above, whose name wrapped.
                    foreach (var (token, column) in placement.Place(item.Page, item.Numbers))
                    {
                        previous[expAmounts[column]] = Amount(token.Text);
                    }
                }
                else if (item.Numbers.Count == 0 && !filled && previous?[expName].Text is { } above && !OrdinalPattern().IsMatch(item.Text)
                         && !item.Text.Contains("总计", StringComparison.Ordinal))
                {
                    previous[expName] = CellValue.Of(above + item.Text); // the rest of a wrapped expenditure item
                }
                else
                {
                    row[expName] = CellValue.Of(item.Text);
                    foreach (var (token, column) in placement.Place(item.Page, item.Numbers))
                    {
                        row[expAmounts[column]] = Amount(token.Text);
                    }

                    filled = true;
                }
            }

            if (filled)
            {
                var index = rows.Count;
                rows.Add(row);
                if (row[incomeName].Text?.Contains("总计", StringComparison.Ordinal) == true || row[expName].Text?.Contains("总计", StringComparison.Ordinal) == true)
                {
                    totals.Add(index);
                }
                else if (row[incomeName].Text is { } name && SubItemPattern().IsMatch(name))
                {
                    levels[index] = 1;
                }

                previous = row;
            }
        }

        return [.. rows.Select((cells, i) => new RowDocument
        {
            Role = totals.Contains(i) ? RowRoles.Total : null,
            Level = levels.GetValueOrDefault(i),
            Cells = [.. cells],
        })];
    }

    private static bool IsTwoSidedHeader(List<Token> tokens) =>
        tokens.All(t => t.Text is "本年收入" or "本年支出" or "项目" or "预算数" or "财政拨款收入" or "财政拨款支出" or "合计" or "一般公共预算"
            or "政府性基金预算" or "国有资本经营预算" or "基本支出" or "人员经费" or "公用经费" or "项目支出");

    /// <summary>
    /// The 三公 table: one line of figures under a two-level header. A figure belongs to the header word that starts
    /// nearest to its left (its column title is printed left of or above its right-aligned figure).
    /// </summary>
    private static List<RowDocument> ThreePublicRows(List<(int Page, string Line)> lines, TableTemplateDefinition template, out List<ColumnNode> columns, string heading)
    {
        columns = template.Columns;
        var leaves = ColumnNode.Leaves(columns);
        var anchors = new int?[leaves.Count];
        List<Token>? figures = null;
        foreach (var (_, line) in lines)
        {
            var tokens = Tokens(line);
            foreach (var token in tokens)
            {
                var index = token.Text switch
                {
                    "合计" => 0,
                    _ when token.Text.StartsWith("因公出国", StringComparison.Ordinal) => 1,
                    "公务接待费" => 2,
                    "小计" => 3,
                    "购置费" => 4,
                    "运行费" => 5,
                    _ when token.Text.Contains("机关运行经", StringComparison.Ordinal) => 6,
                    _ => -1,
                };
                if (index >= 0 && anchors[index] is null)
                {
                    anchors[index] = token.Start;
                }
            }

            if (tokens.Count > 0 && tokens.All(t => t.IsNumber) && figures is null)
            {
                figures = tokens;
            }
        }

        // The group titles carry the year where the document prints it (2024年“三公”经费预算数).
        var printedGroup = lines.Select(l => Collapse(l.Line)).FirstOrDefault(l => l.EndsWith("“三公”经费预算数", StringComparison.Ordinal));
        if (printedGroup is not null && printedGroup != columns[0].Title)
        {
            var prefix = printedGroup[..^columns[0].Title.Length];
            columns = [columns[0] with { Title = printedGroup }, .. columns.Skip(1).Select(c => c.IsLeaf ? c with { Title = prefix + c.Title } : c)];
        }

        var cells = Enumerable.Repeat(CellValue.Blank, leaves.Count).ToArray();
        if (figures is not null)
        {
            if (figures.Count == leaves.Count || anchors.Any(a => a is null))
            {
                for (var i = 0; i < figures.Count && i < leaves.Count; i++)
                {
                    cells[i] = Amount(figures[i].Text);
                }
            }
            else
            {
                foreach (var figure in figures)
                {
                    var column = Enumerable.Range(0, leaves.Count).Where(i => anchors[i] <= figure.Start + 1).MaxBy(i => anchors[i]);
                    cells[column] = Amount(figure.Text);
                }
            }
        }

        _ = heading;
        return [new RowDocument { Cells = [.. cells] }];
    }

    /// <summary>
    /// Places right-aligned figures in amount columns. The right edges of the figures on one page fall into as many
    /// groups as the columns that are printed on that page; a page where a column is blank throughout is aligned on
    /// another page of the table by its first column (合计, always printed).
    /// </summary>
    private sealed class ColumnPlacement
    {
        private readonly int _columns;
        private readonly Dictionary<int, List<int>> _edges = [];
        private readonly List<int>? _reference;

        public ColumnPlacement(int columns, IEnumerable<(int Page, List<Token> Numbers)> rows)
        {
            _columns = columns;
            foreach (var page in rows.GroupBy(r => r.Page))
            {
                _edges[page.Key] = Cluster(page.SelectMany(r => r.Numbers.Select(n => n.End)));
            }

            _reference = _edges.Values.FirstOrDefault(e => e.Count == columns);
        }

        private static List<int> Cluster(IEnumerable<int> ends)
        {
            var groups = new List<List<int>>();
            foreach (var end in ends.Order())
            {
                if (groups.Count > 0 && end - groups[^1][^1] <= 3)
                {
                    groups[^1].Add(end);
                }
                else
                {
                    groups.Add([end]);
                }
            }

            return [.. groups.Select(g => g[g.Count / 2])];
        }

        public IEnumerable<(Token Token, int Column)> Place(int page, List<Token> numbers)
        {
            if (numbers.Count == 0)
            {
                yield break;
            }

            var edges = _edges.GetValueOrDefault(page) ?? [];
            if (numbers.Count == _columns)
            {
                for (var i = 0; i < numbers.Count; i++)
                {
                    yield return (numbers[i], i);
                }

                yield break;
            }

            if (edges.Count != _columns && _reference is not null && edges.Count > 0)
            {
                var shift = edges[0] - _reference[0];
                edges = [.. _reference.Select(e => e + shift)];
            }

            if (edges.Count < _columns)
            {
                // No page prints every column: the blank ones are the last (事业收入 … of a body funded by the budget alone).
                for (var i = 0; i < numbers.Count; i++)
                {
                    yield return (numbers[i], i);
                }

                yield break;
            }

            var used = -1;
            foreach (var number in numbers)
            {
                var column = Enumerable.Range(used + 1, _columns - used - 1).MinBy(c => Math.Abs(edges[c] - number.End));
                used = column;
                yield return (number, column);
            }
        }
    }

    private static CellValue Amount(string printed) =>
        CellValue.Of(decimal.Parse(printed.Replace(",", ""), NumberStyles.Number, CultureInfo.InvariantCulture));

    private static string Collapse(string line) => MultiSpace().Replace(line.Trim(), " ");

    [GeneratedRegex(@"(\d{4})年")]
    private static partial Regex YearPattern();

    [GeneratedRegex(@"^(预算主管部门|预算单位)：(.+)$")]
    private static partial Regex OwnerPattern();

    [GeneratedRegex(@"^\d{4}年")]
    private static partial Regex LeadingYear();

    [GeneratedRegex(@"\s+(?=[，。、；：）”」])")]
    private static partial Regex SpaceBeforePunctuation();

    [GeneratedRegex(@"(?:^|\n)\d+[.．、]\s*(上海市[^\n（。]+)(?:（本部）)?。", RegexOptions.Multiline)]
    private static partial Regex UnitLine();

    [GeneratedRegex(@"\S+")]
    private static partial Regex TokenPattern();

    [GeneratedRegex(@"^-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")]
    private static partial Regex NumberPattern();

    [GeneratedRegex(@"^\d{1,3}$")]
    private static partial Regex CodePattern();

    [GeneratedRegex(@"^(?:[一二三四五六七八九十]+、|\d+[.、．])")]
    private static partial Regex OrdinalPattern();

    [GeneratedRegex(@"^\d+[.、．]")]
    private static partial Regex SubItemPattern();

    [GeneratedRegex(@"^(?:\d+[.、．]\s*\D|[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)])")]
    private static partial Regex ListItem();

    [GeneratedRegex(@"单位[：:]\s*(元|万元|千元|亿元)")]
    private static partial Regex PrintedUnit();

    [GeneratedRegex(@"\s{2,}")]
    private static partial Regex MultiSpace();
}
