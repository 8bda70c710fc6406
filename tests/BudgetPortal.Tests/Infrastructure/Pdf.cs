using System.Diagnostics;
using BudgetPortal.Core.Exports;

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
