using System.Text;
using BudgetPortal.Core.Exports;

namespace BudgetPortal.Tests.Exports;

public sealed class CsvExporterTests
{
    [Theory]
    [InlineData("=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0")]
    [InlineData("+1+1", "'+1+1")]
    [InlineData("-2+3", "'-2+3")]
    [InlineData("@SUM(A1:A2)", "'@SUM(A1:A2)")]
    [InlineData("\t=1", "'\t=1")]
    [InlineData("\r=1", "'\r=1")]
    [InlineData("医疗保障", "医疗保障")]
    [InlineData("-12.50", "-12.50")]
    [InlineData("+3.2%", "+3.2%")]
    [InlineData("-", "-")]
    [InlineData("", "")]
    public void TextThatASpreadsheetWouldRunAsAFormulaGetsAQuoteAndPlainNumbersDoNot(string text, string expected) =>
        OpenDataCsv.Neutralise(text).ShouldBe(expected);

    [Fact]
    public void NumbersAreNeverNeutralised()
    {
        using var stream = new MemoryStream();
        using (var csv = new OpenDataCsv(stream))
        {
            csv.Number(-12.50m);
            csv.Text("=1+1");
            csv.EndRow();
        }

        Encoding.UTF8.GetString(stream.ToArray()).TrimStart('\uFEFF').ShouldBe("-12.50,'=1+1\r\n");
    }
}
