using System.Diagnostics;
using BudgetPortal.Core.Documents;
using BudgetPortal.Core.Exports;
using BudgetPortal.Core.Layout;

namespace BudgetPortal.Tests.Infrastructure;

public static class Pdf
{
    public static readonly Lazy<PdfExporter> Exporter = new(() => new PdfExporter(PdfFonts.Load(null)));

    /// <summary>The text of a PDF as poppler's pdftotext gives it (with -layout, as the issue asks).</summary>
    public static string ToText(byte[] pdf, bool layout = true)
    {
        var file = Path.Combine(Path.GetTempPath(), $"bp-{Guid.NewGuid():N}.pdf");
        File.WriteAllBytes(file, pdf);
        try
        {
            var start = new ProcessStartInfo("pdftotext", $"{(layout ? "-layout " : "")}-enc UTF-8 \"{file}\" -")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            using var process = Process.Start(start)!;
            var text = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            process.ExitCode.ShouldBe(0, process.StandardError.ReadToEnd());
            return text;
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>
    /// Finds each figure of the table (numeric cells of the given types, as the layout formats them) in the PDF text in
    /// row order from <paramref name="position"/>; returns where the last one was found.
    /// </summary>
    public static int ShouldHaveFiguresInOrder(string text, TableDocument table, int position, string label, Func<ColumnNode, bool> columns)
    {
        var leaves = table.Leaves();
        foreach (var row in table.Rows)
        {
            for (var c = 0; c < leaves.Count; c++)
            {
                if (row.Cells[c].Number is not null && columns(leaves[c]))
                {
                    var shown = row.Role == RowRoles.ColumnNumbers ? TableLayout.ColumnNumber(row.Cells[c]) : TableLayout.Format(row.Cells[c], leaves[c], table.Decimals);
                    var found = text.IndexOf(shown, position, StringComparison.Ordinal);
                    found.ShouldBeGreaterThanOrEqualTo(0, $"{label} {table.Number} {table.Title}: {shown} ({row.Code} {row.Name}, {leaves[c].Title}) not found after position {position}");
                    position = found;
                }
            }
        }

        return position;
    }

    public static string Info(byte[] pdf)
    {
        var file = Path.Combine(Path.GetTempPath(), $"bp-{Guid.NewGuid():N}.pdf");
        File.WriteAllBytes(file, pdf);
        try
        {
            var start = new ProcessStartInfo("pdfinfo", $"-enc UTF-8 \"{file}\"") { RedirectStandardOutput = true };
            using var process = Process.Start(start)!;
            var text = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return text;
        }
        finally
        {
            File.Delete(file);
        }
    }
}
