using System.Globalization;
using System.Text.RegularExpressions;
using BudgetPortal.Core.Documents;

namespace BudgetPortal.Core.Checks.Narrative;

/// <summary>What a figure in the narrative says about its item.</summary>
public enum FigureRole
{
    /// <summary>An amount of money of the item (收入总计6309.22万元).</summary>
    Amount,

    /// <summary>A share of a base (占收入总计的19.40%; the base is <see cref="NarrativeFigure.Base"/>, or the paragraph's lead figure).</summary>
    Share,

    /// <summary>A change in money against an earlier year (比上年减少4.54万元).</summary>
    Change,

    /// <summary>A change in percent against an earlier year (降低11.70%).</summary>
    ChangeRate,

    /// <summary>A completion or execution rate against a budget (完成年初预算的96.23%, 执行率).</summary>
    Completion,

    /// <summary>A count (团组个数, 人次, 车辆, 批次, 台（套）).</summary>
    Count,

    /// <summary>A percentage or score the reader does not interpret (覆盖率100%, 得分).</summary>
    Other,
}

/// <summary>The direction a change or a comparison is worded in.</summary>
public enum Direction
{
    None,
    Up,
    Down,
    Flat,
}

/// <summary>One paragraph of a narrative section, with the heading it stands under.</summary>
public sealed record NarrativeParagraph(int Section, string SectionTitle, string Heading, int Index, string Text);

/// <summary>
/// A number in the narrative, or a slot where the template puts a number and none was written (<see cref="Value"/> null).
/// </summary>
public sealed record NarrativeFigure
{
    public required NarrativeParagraph Paragraph { get; init; }

    /// <summary>Position of the number (or of the unit, for a blank) in the paragraph text.</summary>
    public required int Start { get; init; }

    public required int End { get; init; }

    /// <summary>The number as printed ("12,859.04", "12.884.35"); empty for a blank slot.</summary>
    public string Written { get; init; } = "";

    public decimal? Value { get; init; }
    public int Decimals { get; init; }

    /// <summary>万元, 亿元, 元, %, 个, 人次, 辆, 批次, 台（套）, 人, 分.</summary>
    public required string Unit { get; init; }

    /// <summary>What the figure is about, as written before it in its clause, enumerators and "其中" removed.</summary>
    public required string Item { get; init; }

    public FigureRole Role { get; init; }
    public Direction Direction { get; init; }

    /// <summary>For a share: the total named after 占 (收入总计); for a completion: the budget named (年初预算).</summary>
    public string? Base { get; init; }

    /// <summary>The number has more than one decimal point (12.884.35): read with the last one as the decimal point.</summary>
    public bool Misprint { get; init; }

    /// <summary>Sentence number within the paragraph (sentences end at 。).</summary>
    public int Sentence { get; init; }

    public bool IsBlank => Value is null;

    public bool IsMoney => Unit is "万元" or "亿元" or "元";

    /// <summary>The figure in 万元 (money only).</summary>
    public decimal? InTenThousand => Value is { } v && AmountUnit.Parse(Unit) is { } unit ? unit.To(AmountUnit.TenThousandYuan, v) : null;

    /// <summary>
    /// Half a unit of the last printed decimal, in 万元 for money. An amount in 万元 printed with fewer than two decimals
    /// ("0.1万元", "2220.4万元") is a table figure with its trailing zeros dropped, not a figure rounded to 0.1: it is
    /// as exact as the tables (0.005).
    /// </summary>
    public decimal HalfUnit => AmountUnit.Parse(Unit) is { } unit
        ? unit.To(AmountUnit.TenThousandYuan, 0.5m * AmountUnit.PowerOfTen(-(unit == AmountUnit.TenThousandYuan ? Math.Max(Decimals, 2) : Decimals)))
        : 0.5m * AmountUnit.PowerOfTen(-Decimals);

    /// <summary>The clause the figure stands in, for a report line.</summary>
    public string Snippet
    {
        get
        {
            var text = Paragraph.Text;
            var start = Start;
            while (start > 0 && Start - start < 40 && text[start - 1] is not ('。' or '；' or ';' or '\n'))
            {
                start--;
            }

            var end = End;
            while (end < text.Length && end - End < 12 && text[end] is not ('。' or '；' or ';' or '，' or ','))
            {
                end++;
            }

            return (start > 0 && text[start - 1] is not ('。' or '；' or ';') ? "…" : "") + text[start..end].Trim();
        }
    }
}

/// <summary>All figures and blank slots of a disclosure's narrative, in reading order.</summary>
public sealed record NarrativeReading(IReadOnlyList<NarrativeParagraph> Paragraphs, IReadOnlyList<NarrativeFigure> Figures)
{
    public IEnumerable<NarrativeFigure> In(NarrativeParagraph paragraph) => Figures.Where(f => f.Paragraph == paragraph);
}

/// <summary>
/// Reads the numbers of the narrative (情况说明) with their unit, the item they are about and their role, following the
/// wording of the national templates (收入总计X万元，占…的Y%；比上年减少X万元，降低Y%；完成年初预算的Y%), and the slots where
/// the template expects a number that was not written (政府性基金预算财政拨款收入万元, 参加出国（境）团组个, 累计人次, 用车辆).
/// A sentence it does not recognise yields figures of role <see cref="FigureRole.Other"/> or none: the rules skip them
/// rather than guess.
/// </summary>
public static partial class NarrativeReader
{
    /// <summary>Sections that state figures; 名词解释 and the publication rules quote none of the disclosure's.</summary>
    private static readonly HashSet<string> SkippedSections = ["glossary", "management"];

    public static NarrativeReading Read(DisclosureDocument document) => Read(document.Sections);

    public static NarrativeReading Read(IEnumerable<NarrativeSection> sections)
    {
        var paragraphs = new List<NarrativeParagraph>();
        var figures = new List<NarrativeFigure>();
        var sectionIndex = 0;
        foreach (var section in sections)
        {
            sectionIndex++;
            if (SkippedSections.Contains(section.Key))
            {
                continue;
            }

            var heading = "";
            foreach (var raw in section.Body.Split('\n'))
            {
                var line = raw.Trim();
                if (line.Length == 0 || line.StartsWith('|'))
                {
                    continue;
                }

                if (line.StartsWith('#'))
                {
                    heading = line.TrimStart('#').Trim();
                    continue;
                }

                var paragraph = new NarrativeParagraph(sectionIndex, section.Title, heading, paragraphs.Count, line);
                paragraphs.Add(paragraph);
                figures.AddRange(ReadParagraph(paragraph));
            }
        }

        return new NarrativeReading(paragraphs, figures);
    }

    public static IReadOnlyList<NarrativeFigure> ReadParagraph(NarrativeParagraph paragraph)
    {
        var text = paragraph.Text;
        var found = new List<NarrativeFigure>();
        foreach (Match match in NumberPattern().Matches(text))
        {
            var written = match.Groups["num"].Value;
            if (!TryParseNumber(written, out var value, out var decimals, out var misprint))
            {
                continue;
            }

            found.Add(Classify(paragraph, match.Index, match.Index + match.Length, written, value, decimals, misprint, Unit(match.Groups["unit"].Value)));
        }

        foreach (Match match in BlankPattern().Matches(text))
        {
            var unit = match.Groups["unit"].Success ? Unit(match.Groups["unit"].Value) : "辆";
            var at = match.Groups["unit"].Success ? match.Groups["unit"].Index : match.Index + match.Length;
            found.Add(Classify(paragraph, at, match.Index + match.Length, "", null, 0, false, unit));
        }

        return [.. found.OrderBy(f => f.Start)];
    }

    private static string Unit(string unit) => unit switch
    {
        "％" => "%",
        "台(套)" => "台（套）",
        _ => unit,
    };

    private static NarrativeFigure Classify(
        NarrativeParagraph paragraph, int start, int end, string written, decimal? value, int decimals, bool misprint, string unit)
    {
        var text = paragraph.Text;
        var clauseStart = start;
        while (clauseStart > 0 && text[clauseStart - 1] is not ('，' or ',' or '；' or ';' or '。' or '：' or ':' or '、'))
        {
            clauseStart--;
        }

        var item = CleanItem(text[clauseStart..start]);
        var sentence = text[..start].Count(c => c == '。');
        var role = FigureRole.Other;
        var direction = Direction.None;
        string? baseName = null;
        if (unit == "%")
        {
            if (item.Contains('占'))
            {
                role = FigureRole.Share;
                var after = item[(item.IndexOf('占') + 1)..];
                var of = after.LastIndexOf('的');
                baseName = of > 0 ? after[..of] : null;
            }
            else if (DirectionOf(item) is var rate and not Direction.None)
            {
                // Before completion: "比2023年预算执行数减少57.14%" is a change against last year's execution.
                role = FigureRole.ChangeRate;
                direction = rate;
            }
            else if (CompletionWords().Match(item) is { Success: true } completion)
            {
                role = FigureRole.Completion;
                baseName = completion.Groups["against"].Success && completion.Groups["against"].Length > 0 ? completion.Groups["against"].Value : null;
            }
        }
        else if (Threshold().IsMatch(text[end..]))
        {
            role = FigureRole.Other; // "100万元以上项目", "单价50万元以上": a bound, not an amount
        }
        else if (unit is "万元" or "亿元" or "元")
        {
            direction = DirectionOf(item);
            role = direction is Direction.Up or Direction.Down ? FigureRole.Change : FigureRole.Amount;
        }
        else if (unit != "分")
        {
            role = FigureRole.Count;
        }

        return new NarrativeFigure
        {
            Paragraph = paragraph,
            Start = start,
            End = end,
            Written = written,
            Value = value,
            Decimals = decimals,
            Unit = unit,
            Item = item,
            Role = role,
            Direction = direction,
            Base = baseName,
            Misprint = misprint,
            Sentence = sentence,
        };
    }

    /// <summary>The direction a clause ends in (…减少, …增长, …持平); None when it names no change.</summary>
    public static Direction DirectionOf(string clause)
    {
        var match = DirectionSuffix().Match(clause);
        if (!match.Success)
        {
            return Direction.None;
        }

        return match.Groups["word"].Value switch
        {
            "增加" or "增长" or "上升" or "提高" or "增" => Direction.Up,
            "持平" => Direction.Flat,
            _ => Direction.Down,
        };
    }

    /// <summary>The item a change is about: "今年收入总计减少" → 收入总计, "与2022年相比，一般公共预算收支预算减少" → 一般公共预算收支预算.</summary>
    public static string Subject(string item)
    {
        var withoutWord = DirectionSuffix().Replace(item, "");
        return ComparisonWords().Replace(withoutWord, "").Trim();
    }

    /// <summary>Strips enumerators, years and connecting words so that the item reads as the table names it.</summary>
    public static string CleanItem(string raw)
    {
        var item = raw.Trim();
        string previous;
        do
        {
            previous = item;
            item = LeadingWords().Replace(item, "").Trim();
        }
        while (item != previous);

        return item;
    }

    public static bool TryParseNumber(string written, out decimal value, out int decimals, out bool misprint)
    {
        var digits = written.Replace(",", "", StringComparison.Ordinal).Replace("，", "", StringComparison.Ordinal).TrimEnd('.');
        var lastPoint = digits.LastIndexOf('.');
        misprint = lastPoint > 0 && digits.IndexOf('.', StringComparison.Ordinal) != lastPoint;
        if (misprint)
        {
            digits = digits[..lastPoint].Replace(".", "", StringComparison.Ordinal) + digits[lastPoint..];
        }

        decimals = lastPoint < 0 ? 0 : digits.Length - digits.LastIndexOf('.') - 1;
        return decimal.TryParse(digits, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value);
    }

    // Thousands separators only in groups of three, so that "6309.22万元，占" is not read as one number.
    [GeneratedRegex(@"(?<![\d.])(?<num>\d{1,3}(?:[,，]\d{3})+(?:\.\d+)*|\d+(?:\.\d+)*)\s*(?<unit>万元|亿元|元|%|％|人次|批次|台（套）|台\(套\)|个|辆|人|分)")]
    private static partial Regex NumberPattern();

    // A unit after a word with no number between, where the template puts a figure: 收入万元，／的%；／团组个，／累计人次／
    // 用车辆／批次、人、／设备（不含车辆）台（套）／购置公务用车。 Words that name a unit rather than leave a slot (单位：万元，
    // 以万元为单位) are excluded by what precedes and follows.
    [GeneratedRegex(@"(?<=[\u4e00-\u9fa5”])(?<![以按换位千百十亿万])(?<unit>万元|亿元|%|％)(?=[，,。；;、）)]|$)|(?<=团组|项目|单位)(?<unit>个)(?=[，,。；;、])|(?<=累计)(?<unit>人次|批次)|(?<=批次、)(?<unit>人)(?=、)|(?<=用车|保有量)(?<unit>辆)|(?<=（不含车辆）)(?<unit>台（套）)|(?<=当年)购置公务用车(?=[。；，])")]
    private static partial Regex BlankPattern();

    [GeneratedRegex(@"^(?:（含）|\(含\))?(?:及\d[\d.,]*\s*万元)?(?:以上|以下|以内|及以上|及以下)")]
    private static partial Regex Threshold();

    [GeneratedRegex(@"(?<word>增加|增长|上升|提高|减少|下降|降低|持平|增|减)(?:了)?$")]
    private static partial Regex DirectionSuffix();

    [GeneratedRegex(@"(?:完成|执行)(?<against>[^的，。]*?)(?:的|率|为|达到)*$|执行率(?:为|达到)?$")]
    private static partial Regex CompletionWords();

    [GeneratedRegex(@"(?:与|比|较|同比)?(?:上年|上一年|\d{4}年)(?:度)?(?:预算|预算数|批复数|决算数|决算)?(?:相比)?|今年|本年|当年|同比")]
    private static partial Regex ComparisonWords();

    [GeneratedRegex(@"^(?:[（(][一二三四五六七八九十\d]+[）)]|[一二三四五六七八九十]+、|\d+[.、．]|其中|包括|具体包括|主要是|在支出预算中|，|：)")]
    private static partial Regex LeadingWords();
}
