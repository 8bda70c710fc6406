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

    /// <summary>
    /// The file as Latin-1 text with every Flate stream inflated in place (object streams hold the structure elements,
    /// content streams the marked content), for tests that look at PDF syntax.
    /// </summary>
    public static string Syntax(byte[] pdf)
    {
        var raw = System.Text.Encoding.Latin1.GetString(pdf);
        var text = new System.Text.StringBuilder(raw.Length * 2);
        var position = 0;
        foreach (System.Text.RegularExpressions.Match match in System.Text.RegularExpressions.Regex.Matches(raw, @"(?<!end)stream\r?\n"))
        {
            if (match.Index < position)
            {
                continue;
            }

            var end = raw.IndexOf("endstream", match.Index + match.Length, StringComparison.Ordinal);
            text.Append(raw, position, match.Index + match.Length - position);
            var data = pdf.AsSpan(match.Index + match.Length, end - match.Index - match.Length).TrimEnd("\r\n"u8).ToArray();
            try
            {
                using var inflate = new System.IO.Compression.ZLibStream(new MemoryStream(data), System.IO.Compression.CompressionMode.Decompress);
                using var inflated = new MemoryStream();
                inflate.CopyTo(inflated);
                text.Append(System.Text.Encoding.Latin1.GetString(inflated.ToArray()));
            }
            catch (InvalidDataException)
            {
                text.Append(raw, match.Index + match.Length, end - match.Index - match.Length);
            }

            position = end;
        }

        return text.Append(raw, position, raw.Length - position).ToString();
    }

    public static string Info(byte[] pdf) => PdfInfo(pdf, "");

    /// <summary>The structure tree with the text of each element, as poppler reads it (pdfinfo -struct-text).</summary>
    public static string Structure(byte[] pdf) => PdfInfo(pdf, "-struct-text ");

    private static string PdfInfo(byte[] pdf, string options)
    {
        var file = Path.Combine(Path.GetTempPath(), $"bp-{Guid.NewGuid():N}.pdf");
        File.WriteAllBytes(file, pdf);
        try
        {
            var start = new ProcessStartInfo("pdfinfo", $"{options}-enc UTF-8 \"{file}\"") { RedirectStandardOutput = true };
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
