using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using BudgetPortal.Core.Figures;
using BudgetPortal.Web.Data.Entities;
using BudgetPortal.Web.Pages.Regions;

namespace BudgetPortal.Tests.Web;

/// <summary>The region overview's rows, written without Razor (decision 0470): the same cells, text encoded.</summary>
public sealed class OverviewRowsTests
{
    private static string Html(params ShowModel.Row[] rows)
    {
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        new OverviewRows(rows).WriteTo(writer, HtmlEncoder.Create(new TextEncoderSettings(UnicodeRanges.All)));
        return writer.ToString();
    }

    [Fact]
    public void APublishedRowHasItsLinksFiguresCountsAndDatesAndTextIsEncoded()
    {
        var html = Html(new ShowModel.Row(
            7, "<b>甲&乙</b>局", "某省 › 某市", "s7-2019-budget", "标题", DisclosureKind.Budget,
            new KeyFigures { TotalIncome = 1234567.5m, TotalExpenditure = 0.123456m, Basic = null, Project = -12m, ThreePublic = 16.6m },
            Passed: 12, Rounding: 1, Errors: 0, Version: 2, PublishedAt: new DateTimeOffset(2019, 1, 31, 12, 0, 0, TimeSpan.Zero), ApprovedOn: new DateOnly(2019, 1, 18)));

        html.ShouldStartWith("<tr><th scope=\"row\"><a href=\"/departments/7\">&lt;b&gt;甲&amp;乙&lt;/b&gt;局</a><span class=\"meta region-of\">某省 › 某市</span></th>");
        html.ShouldContain("<a href=\"/disclosures/s7-2019-budget\"><span class=\"kind-badge budget\">预算</span></a>");
        html.ShouldContain("<td class=\"num\">1,234,567.50</td><td class=\"num\">0.123456</td><td class=\"num\"></td><td class=\"num\">-12.00</td><td class=\"num\">16.60</td>");
        html.ShouldContain("<a href=\"/disclosures/s7-2019-budget/checks\" class=\"check-counts has-rounding\"><span data-count=\"passed\">12 通过</span> · <span data-count=\"rounding\">1 尾差</span> · <span data-count=\"errors\">0 不一致</span></a>");
        html.ShouldContain("已公开（第 2 版）<br /><span class=\"meta\">");
        html.ShouldContain(" 公开，2019-01-18 批复</span></td></tr>");
    }

    [Fact]
    public void ADepartmentWithoutADisclosureHasBlankCells()
    {
        var html = Html(new ShowModel.Row(8, "某局", "某省", null, null, null, new KeyFigures(), null, null, null, null, null, null));

        html.ShouldBe("<tr><th scope=\"row\"><a href=\"/departments/8\">某局</a><span class=\"meta region-of\">某省</span></th>\n<td class=\"center\"></td>"
            + "<td class=\"num\"></td><td class=\"num\"></td><td class=\"num\"></td><td class=\"num\"></td><td class=\"num\"></td>\n<td class=\"checks-cell\"></td>\n<td>本年度未公开</td></tr>\n");
    }

    [Theory]
    [InlineData("0")]
    [InlineData("1583.8")]
    [InlineData("66.40")]
    [InlineData("12884.35")]
    [InlineData("-1234567.5")]
    [InlineData("123.4567")]
    [InlineData("152.345678")]
    [InlineData("0.0000004")]
    [InlineData("1.23456789")]
    [InlineData("79228162514264337593543950335")]
    public void AmountsAreWrittenAsTheCustomFormatWritesThem(string value)
    {
        var amount = decimal.Parse(value, CultureInfo.InvariantCulture);

        ShowModel.Amount(amount).ShouldBe(amount.ToString("#,##0.00####", CultureInfo.InvariantCulture));
        ShowModel.Amount(null).ShouldBe("");
    }
}
