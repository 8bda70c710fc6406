using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;
using BudgetPortal.Core.Documents;
using ClosedXML.Excel;

namespace BudgetPortal.Core.Exports;

/// <summary>
/// Downloads whose bytes depend only on what they show (decision 0480): a published version's PDF and workbook are the
/// same file at every render, as the strong ETag they are served with promises (a resumed or revalidated download may
/// combine or keep bytes from different renders). The date they carry is the version's own, never the time of rendering.
/// </summary>
public static partial class ReproducibleFiles
{
    /// <summary>ZIP's earliest time, for the entries of a file that has no date of its own.</summary>
    private static readonly DateTimeOffset ZipEpoch = new(1980, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// The date a download of <paramref name="document"/> carries: its publication, else its approval (a published
    /// version never changes, so neither does this); none for a published version that states neither; now for a draft.
    /// </summary>
    public static DateTimeOffset? DateOf(DisclosureDocument document) =>
        document.PublishedAt?.ToUniversalTime()
        ?? (document.ApprovedOn is { } approved ? new DateTimeOffset(approved.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) : (DateTimeOffset?)null)
        ?? (document.Status == "published" ? null : DateTimeOffset.UtcNow);

    /// <summary>
    /// Saves a workbook as the same bytes whenever its content and <paramref name="date"/> are the same: the package's
    /// random relationship ids and core-properties part name (System.IO.Packaging draws them anew on every save) made
    /// sequential, its created/modified dates set to <paramref name="date"/> (left out when there is none), every entry's
    /// time set to it too.
    /// </summary>
    public static void SaveWorkbook(XLWorkbook workbook, Stream output, DateTimeOffset? date)
    {
        using var saved = new MemoryStream();
        workbook.SaveAs(saved);
        saved.Position = 0;
        using var source = new ZipArchive(saved, ZipArchiveMode.Read);
        var core = source.Entries.FirstOrDefault(e => e.FullName.EndsWith(".psmdcp", StringComparison.OrdinalIgnoreCase));
        const string CoreName = "package/services/metadata/core-properties/core.psmdcp";
        var time = date ?? ZipEpoch;
        using var target = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true);
        foreach (var entry in source.Entries)
        {
            var name = entry == core ? CoreName : entry.FullName;
            byte[]? replaced = null;
            if (entry.FullName == "_rels/.rels")
            {
                var text = Read(entry);
                var n = 0;
                text = RandomRelationshipId().Replace(text, _ => $"Id=\"RPkg{++n}\"");
                if (core is not null)
                {
                    text = text.Replace("/" + core.FullName, "/" + CoreName, StringComparison.Ordinal);
                }

                replaced = Encoding.UTF8.GetBytes(text);
            }
            else if (entry == core)
            {
                var text = Read(entry);
                text = CoreDate().Replace(text, m => date is { } d
                    ? $"<dcterms:{m.Groups[1].Value}{m.Groups[2].Value}>{d.UtcDateTime:yyyy-MM-ddTHH:mm:ss}Z</dcterms:{m.Groups[1].Value}>"
                    : "");
                replaced = Encoding.UTF8.GetBytes(text);
            }

            var copy = target.CreateEntry(name, CompressionLevel.Optimal);
            copy.LastWriteTime = time;
            using var to = copy.Open();
            if (replaced is not null)
            {
                to.Write(replaced);
            }
            else
            {
                using var from = entry.Open();
                from.CopyTo(to);
            }
        }
    }

    private static string Read(ZipArchiveEntry entry)
    {
        using var reader = new StreamReader(entry.Open(), Encoding.UTF8);
        return reader.ReadToEnd();
    }

    [GeneratedRegex("Id=\"R[0-9a-f]{16}\"")]
    private static partial Regex RandomRelationshipId();

    [GeneratedRegex("<dcterms:(created|modified)([^>]*)>[^<]*</dcterms:\\1>")]
    private static partial Regex CoreDate();
}
