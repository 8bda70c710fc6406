using System.Diagnostics;
using System.Globalization;
using BudgetPortal.Core.Documents;
using BudgetPortal.Core.Exports;

// Usage: dotnet run -c Release -- data/reference/001-fushun-2023-final.json [runs] [out.pdf]
// Prints the first (cold) export and the median of the warm ones, in milliseconds, in one process: wall clock, the
// CPU time of the exporting thread per export (what the export costs when the machine is shared), and the median of each phase.
var path = args.Length > 0 ? args[0] : "data/reference/001-fushun-2023-final.json";
var runs = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 20;
var document = RowIdentity.Apply(DisclosureJson.Parse(File.ReadAllText(path), path));
var exporter = new PdfExporter(PdfFonts.Load(null));
var samples = new List<double>();
var cpu = new List<double>();
var phases = new List<PdfExportTimings>();
long bytes = 0;
var gcs = GC.CollectionCount(0);
for (var i = 0; i <= runs; i++)
{
    using var stream = new MemoryStream();
    var timings = new PdfExportTimings();
    var cpuStart = ThreadCpu.Milliseconds();
    var watch = Stopwatch.StartNew();
    exporter.WriteDisclosure(document, stream, timings: timings);
    samples.Add(watch.Elapsed.TotalMilliseconds);
    cpu.Add(ThreadCpu.Milliseconds() - cpuStart);
    phases.Add(timings);
    bytes = stream.Length;
    if (i == 0 && args.Length > 2)
    {
        File.WriteAllBytes(args[2], stream.ToArray());
    }
}

static double Median(IEnumerable<double> values)
{
    var sorted = values.Order().ToList();
    return sorted[sorted.Count / 2];
}

var warm = samples.Skip(1).Order().ToList();
var warmPhases = phases.Skip(1).ToList();
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"{Path.GetFileName(path)}: cold {samples[0]:F1} ms, warm median {Median(warm):F1} ms, min {warm[0]:F1} ms over {runs} runs, {bytes / 1024} KiB; " +
    $"thread CPU per export median {Median(cpu.Skip(1)):F1} ms, min {cpu.Skip(1).Min():F1} ms; {(GC.CollectionCount(0) - gcs) / (double)(runs + 1):F1} gen0 GCs per export; phases (median ms): prepare {Median(warmPhases.Select(p => p.Prepare)):F1}, " +
    $"layout {Median(warmPhases.Select(p => p.Layout)):F1}, draw {Median(warmPhases.Select(p => p.Draw)):F1}, save {Median(warmPhases.Select(p => p.Save)):F1}"));
