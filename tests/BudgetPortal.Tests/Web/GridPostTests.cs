using System.Net;
using AngleSharp.Html.Parser;
using BudgetPortal.Tests.Infrastructure;
using BudgetPortal.Web.Data;
using Microsoft.Extensions.DependencyInjection;

namespace BudgetPortal.Tests.Web;

/// <summary>
/// The entry grid posts tables of any size (the form's default of 1,024 fields ended at a 70-row table with an empty
/// HTTP 400 and the edit lost) and checks what it stores with the importer's rules. Each test has its own portal and
/// database (<see cref="PortalPerTest{TFactory}"/>), so all use the same year.
/// </summary>
public sealed class GridPostTests : PortalPerTest<ImportAppFactory>
{
    private async Task<DraftView> LoadAsync(int versionId)
    {
        using var scope = Factory.Services.CreateScope();
        return (await scope.ServiceProvider.GetRequiredService<DocumentLoader>().LoadVersionAsync(versionId, CancellationToken.None))!;
    }

    /// <summary>The grid of the draft's widest classification table, and its position (1-based).</summary>
    private async Task<(StaffSession Staff, int VersionId, int N, int Columns)> GridAsync(int year)
    {
        var (staff, versionId) = await Factory.CreateDraftAsync(year);
        var draft = await LoadAsync(versionId);
        var (table, index) = draft.Document.Tables.Select((t, i) => (t, i))
            .Where(x => x.t.Leaves().Any(l => l.Role == "code"))
            .MaxBy(x => x.t.Leaves().Count);
        return (staff, versionId, index + 1, table.Leaves().Count);
    }

    private static async Task<HttpResponseMessage> PostGridAsync(StaffSession staff, int versionId, int n, Func<int, int, string?> cell, int rows, int columns)
    {
        var url = $"/staff/versions/{versionId}/tables/{n}";
        var document = new HtmlParser().ParseDocument(await staff.Client.GetStringAsync(url));
        var form = document.QuerySelector("form.grid-form")!;
        var fields = new List<KeyValuePair<string, string>>
        {
            new("__RequestVerificationToken", form.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!),
            new("TableId", form.QuerySelector("input[name=TableId]")!.GetAttribute("value")!),
        };
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < columns; c++)
            {
                fields.Add(new($"Cells[{r}][{c}]", cell(r, c) ?? ""));
            }

            fields.Add(new($"Roles[{r}]", ""));
        }

        return await staff.Client.PostAsync($"{url}?handler=Save", new FormUrlEncodedContent(fields));
    }

    /// <summary>Row r: a 7-digit code of its own, a name, and an amount in every numeric column.</summary>
    private static string? Cell(int r, int c, int columns) => c switch
    {
        0 => (2010101 + r).ToString(System.Globalization.CultureInfo.InvariantCulture),
        1 => $"测试科目{r}",
        _ => c < columns ? $"1,{r % 1000:000}.5{c % 10}" : null,
    };

    [Theory]
    [InlineData(70)]
    [InlineData(5000)]
    public async Task ATableOfManyCellsIsSavedWhole(int cells)
    {
        var (staff, versionId, n, columns) = await GridAsync(2041);
        var rows = cells == 70 ? 70 : (cells + columns - 1) / columns;

        var response = await PostGridAsync(staff, versionId, n, (r, c) => Cell(r, c, columns), rows, columns);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.RequestMessage!.RequestUri!.Query.ShouldContain("saved=", customMessage: string.Join("\n",
            new HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync()).QuerySelectorAll(".form-error").Select(e => e.TextContent)));
        var saved = (await LoadAsync(versionId)).Document.Tables[n - 1];
        saved.Rows.Count.ShouldBe(rows);
        saved.Rows[^1].Code.ShouldBe((2010101 + rows - 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
        // A field per cell and a role per row: beyond the 1,024 form fields that ended such a save before.
        (rows * (columns + 1)).ShouldBeGreaterThan(1024);
        (rows * columns).ShouldBeGreaterThanOrEqualTo(cells == 70 ? 70 * 14 : 5000);
    }

    [Fact]
    public async Task ANameBeyondTheStorageLimitIsAMessageNotAnError500AndNothingIsSaved()
    {
        var (staff, versionId, n, columns) = await GridAsync(2041);
        var before = await LoadAsync(versionId);

        var response = await PostGridAsync(staff, versionId, n, (r, c) => c == 1 ? new string('名', 500) : Cell(r, c, columns), 2, columns);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).ShouldContain("名称过长（500 个字符，上限 400）");
        (await LoadAsync(versionId)).TableIds.ShouldBe(before.TableIds);
    }

    [Fact]
    public async Task TheGridReadsAmountsLikeTheImporterMarksKeptAmbiguousSeparatorsRefused()
    {
        var (staff, versionId, n, columns) = await GridAsync(2041);

        var refused = await PostGridAsync(staff, versionId, n, (r, c) => c == 2 ? "236,77" : Cell(r, c, columns), 1, columns);
        (await refused.Content.ReadAsStringAsync()).ShouldContain("“236,77”不是金额");

        var saved = await PostGridAsync(staff, versionId, n, (r, c) => c == 2 ? "—" : Cell(r, c, columns), 1, columns);
        saved.RequestMessage!.RequestUri!.Query.ShouldContain("saved=");
        (await LoadAsync(versionId)).Document.Tables[n - 1].Rows[0].Cells[2].Text.ShouldBe("—");
    }

    [Fact]
    public async Task ACodeThatIsNotAClassificationCodeIsRefusedInTheGridAsInTheImporter()
    {
        var (staff, versionId, n, columns) = await GridAsync(2041);

        var response = await PostGridAsync(staff, versionId, n, (r, c) => c == 0 ? "01" : Cell(r, c, columns), 1, columns);

        (await response.Content.ReadAsStringAsync()).ShouldContain("“01”不是 3、5 或 7 位数字的科目编码");
    }
}
