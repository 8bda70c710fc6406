using System.Diagnostics;
using System.Globalization;
using BudgetPortal.Core.Documents;
using BudgetPortal.Core.Exports;

// Usage: dotnet run -c Release -- data/reference/001-fushun-2023-final.json [runs] [out.pdf]
// Prints the first (cold) export and the median of the warm ones, in milliseconds, in one process.
var path = args.Length > 0 ? args[0] : "data/reference/001-fushun-2023-final.json";
var runs = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 20;
var document = RowIdentity.Apply(DisclosureJson.Parse(File.ReadAllText(path), path));
var exporter = new PdfExporter(PdfFonts.Load(null));
var samples = new List<double>();
long bytes = 0;
for (var i = 0; i <= runs; i++)
{
    using var stream = new MemoryStream();
    var watch = Stopwatch.StartNew();
    exporter.WriteDisclosure(document, stream);
    samples.Add(watch.Elapsed.TotalMilliseconds);
    bytes = stream.Length;
    if (i == 0 && args.Length > 2)
    {
        File.WriteAllBytes(args[2], stream.ToArray());
    }
}

var warm = samples.Skip(1).Order().ToList();
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"{Path.GetFileName(path)}: cold {samples[0]:F1} ms, warm median {warm[warm.Count / 2]:F1} ms, min {warm[0]:F1} ms over {runs} runs, {bytes / 1024} KiB"));
