using System.Globalization;
using System.Text.RegularExpressions;
using BudgetPortal.Core.Documents;

namespace BudgetPortal.Tests.Regions;

/// <summary>
/// The reader of the 普陀区 budgets against the text it reads, counted independently of how it places figures in
/// columns: every figure printed on a table page is in exactly one cell, every 万元 figure of the narrative pages is in
/// a section, and the region's table sets hold nothing of the documents.
/// </summary>
public sealed partial class ShanghaiBudgetTextTests
{
    [PutuoTheory]
    [MemberData(nameof(PutuoSamples.Files), MemberType = typeof(PutuoSamples))]
    public void EachDocumentHoldsTheNineTablesOfItsSetInTheirPrintedUnits(string file)
    {
        var document = PutuoSamples.Read(file);
        var set = PutuoSamples.Set(document.TableSet!);

        document.Tables.Select(t => t.Number).ShouldBe(set.Tables.Select(t => t.Number), file);
        document.Tables.Select(t => t.Code).ShouldBe(set.Tables.Select(t => t.Code), file);
        document.Tables.Select(t => t.Unit).ShouldBe(set.Tables.Select(t => t.Unit), $"{file}: 表1–表8 in 元, the 三公 table in 万元, as printed");
        document.Tables.ShouldAllBe(t => t.Rows.Count > 0);
        document.Tables.Single(t => t.Code == "gpb_basic").Rows.Count.ShouldBeGreaterThan(10);
    }

    [PutuoTheory]
    [MemberData(nameof(PutuoSamples.Files), MemberType = typeof(PutuoSamples))]
    public void EveryFigurePrintedOnATablePageIsInExactlyOneCell(string file)
    {
        var document = PutuoSamples.Read(file);
        var printed = TablePageFigures(File.ReadAllText(RegionSamples.File(PutuoSamples.Region, file + ".txt")), document);
        var cells = document.Tables.SelectMany(t => t.Rows.SelectMany(r => r.Cells)).Where(c => c.Number is not null)
            .Select(c => c.Number!.Value.ToString(CultureInfo.InvariantCulture)).ToList();

        // Compared as printed (scale included: 0 is not 0.00) and as multisets: a figure lost, invented or read twice fails.
        cells.Order(StringComparer.Ordinal).ShouldBe(printed.Order(StringComparer.Ordinal), file);
    }

    [PutuoTheory]
    [MemberData(nameof(PutuoSamples.Files), MemberType = typeof(PutuoSamples))]
    public void EveryAmountOfTheNarrativeIsInItsSections(string file)
    {
        var document = PutuoSamples.Read(file);
        var text = File.ReadAllText(RegionSamples.File(PutuoSamples.Region, file + ".txt"));
        var forms = text.IndexOf("财政项目支出绩效目标填报表", StringComparison.Ordinal);
        var narrative = string.Concat((forms < 0 ? text : text[..forms]).Split('\f').Skip(1).Where(p => !IsTablePage(p, document))
            .Select(p => p.Replace("\n", "").Replace(" ", "")));
        var bodies = string.Concat(document.Sections.Select(s => s.Title + s.Body.Replace("\n", "").Replace(" ", "")));

        var expected = NarrativeAmount().Matches(narrative).Select(m => m.Value).ToList();
        expected.Count.ShouldBeGreaterThan(10);
        NarrativeAmount().Matches(bodies).Select(m => m.Value).ShouldBe(expected, file);
        document.Sections.Select(s => s.Key).ShouldContain("glossary");
        document.Sections.Count(s => s.Key == "explanation").ShouldBe(2, $"{file}: 编制说明 and 其他相关情况说明");
    }

    [PutuoTheory]
    [MemberData(nameof(PutuoSamples.Files), MemberType = typeof(PutuoSamples))]
    public void TheRegionsSetCarriesNothingOfTheDocument(string file)
    {
        var document = PutuoSamples.Read(file);
        var json = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TableSets", document.TableSet + ".json"));
        var set = PutuoSamples.Set(document.TableSet!);

        json.ShouldNotContain(document.Department.Name);
        document.Department.Units.ShouldAllBe(u => !json.Contains(u.Name, StringComparison.Ordinal));
        var fixedTexts = set.Tables.SelectMany(t => t.FixedRows ?? []).SelectMany(r => r.Cells).Where(c => c.Text is not null).Select(c => c.Text!).ToHashSet();
        var classNames = document.Tables.SelectMany(t => t.Rows).Where(r => r.Code is not null).Select(r => r.Name!).ToHashSet();
        var expenditureItems = document.Tables.Where(t => t.Code is "summary" or "fiscal_summary")
            .SelectMany(t => t.Rows.Select(r => r.Cells[t.Leaves().ToList().FindIndex(l => l.Key == "exp_name")].Text)).OfType<string>();
        fixedTexts.Intersect(classNames.Concat(expenditureItems).Where(n => !n.Contains("总计", StringComparison.Ordinal))).ShouldBeEmpty();
        set.Tables.SelectMany(t => t.FixedRows ?? []).ShouldAllBe(r => r.Cells.All(c => c.Number == null));
    }

    /// <summary>The figures on the pages of the nine tables, without the classification codes that begin a row.</summary>
    private static List<string> TablePageFigures(string text, DisclosureDocument document)
    {
        var figures = new List<string>();
        foreach (var page in text.Split('\f').Where(p => IsTablePage(p, document)))
        {
            foreach (var line in page.Split('\n'))
            {
                var tokens = Regex.Split(line.Trim(), @"\s+").Where(t => t.Length > 0).ToList();
                if (tokens.Count == 0 || tokens[0].StartsWith("编制", StringComparison.Ordinal) || tokens[0].StartsWith('注'))
                {
                    continue;
                }

                // Codes (类/款/项) stand before the name; a line of figures alone (the 三公 table) has none.
                var skip = tokens.TakeWhile(t => Code().IsMatch(t)).Count();
                if (skip == tokens.Count || Figure().IsMatch(tokens[skip]))
                {
                    skip = 0;
                }

                figures.AddRange(tokens.Skip(skip).Where(t => Figure().IsMatch(t))
                    .Select(t => decimal.Parse(t.Replace(",", ""), NumberStyles.Number, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture)));
            }
        }

        return figures;
    }

    // Table pages are the pages of the nine tables: from a table's title to the next narrative heading.
    private static bool IsTablePage(string page, DisclosureDocument document)
    {
        var heading = page.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0) ?? "";
        if (document.Tables.Any(t => t.Title == heading))
        {
            return true;
        }

        // A continuation page of a table starts with a classification row or a repeated header.
        return Regex.IsMatch(heading, @"^(\d{1,3}\s|合计|项目\s)");
    }

    [GeneratedRegex(@"^\d{1,3}$")]
    private static partial Regex Code();

    [GeneratedRegex(@"^-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")]
    private static partial Regex Figure();

    [GeneratedRegex(@"\d[\d,]*(?:\.\d+)?万")]
    private static partial Regex NarrativeAmount();
}
