using System.Text.Json;
using System.Text.RegularExpressions;

namespace BudgetPortal.Tests.Docs;

/// <summary>
/// README.md and docs/ tell a newcomer where things are: every file path and every test they name exists, and every
/// rule id the table sets declare or the check engine emits is listed in docs/rules.md.
/// </summary>
public sealed partial class DocumentationTests
{
    private static readonly string Root = Ancestors(AppContext.BaseDirectory)
        .First(d => File.Exists(Path.Combine(d, "BudgetPortal.sln")));

    // Folders a path in the docs may start with: the repository's own, and the project folders the README abbreviates
    // (`Core/…` is src/BudgetPortal.Core/…, `Pages/…` src/BudgetPortal.Web/Pages/…).
    private static readonly HashSet<string> PathStarts =
    [
        "src", "tests", "docs", "data", "bench", "scripts", "deploy", ".ci", "Core", "Web", "Pages", "Data", "Hosting",
        "Staff", "Api", "Checks", "Search", "Admin", "Workbooks", "Exports", "Rendering", "Infrastructure", "Browser",
        "Reference", "Importing", "Regions", "Fixtures", "Documents", "Layout", "Figures", "Charts", "Synthetic",
        "TableSets", "CodeLists",
    ];

    private static readonly string[] SkippedFolders = [".git", "bin", "obj", "node_modules", ".data", "TestResults"];

    [Fact]
    public void EveryFilePathTheReadmeAndTheDocsNameExists()
    {
        var files = RepositoryPaths();
        var missing = Documents().SelectMany(doc => NamedPaths(doc).Where(p => !Exists(p.Path, p.RelativeTo, files))
            .Select(p => $"{Path.GetRelativePath(Root, doc)}:{p.Line}: {p.Path}")).ToList();

        missing.ShouldBeEmpty("these paths are named in the docs but do not exist:\n" + string.Join("\n", missing));
    }

    [Fact]
    public void EveryRuleIdOfTheTableSetsAndTheCheckEngineIsListedInDocsRules()
    {
        var listed = File.ReadAllText(Path.Combine(Root, "docs", "rules.md"));
        var declared = Directory.GetFiles(Path.Combine(Root, "data", "table-sets"), "*.json")
            .SelectMany(f => JsonDocument.Parse(File.ReadAllText(f)).RootElement.GetProperty("rules").EnumerateArray())
            .Select(r => r.GetProperty("id").GetString()!)
            .Where(id => !DefinedBySharedRules(id))
            .Select(id => $"`{id}`");
        var emitted = Directory.GetFiles(Path.Combine(Root, "src", "BudgetPortal.Core", "Checks"), "*.cs", SearchOption.AllDirectories)
            .SelectMany(f => EmittedRuleId().Matches(File.ReadAllText(f)).Select(m => m.Groups[1].Value));
        var unlisted = declared.Where(id => !listed.Contains(id, StringComparison.Ordinal))
            .Concat(emitted.Where(id => !Regex.IsMatch(listed, $@"(?<![\w-]){Regex.Escape(id)}(?![\w-])")))
            .Distinct().Order(StringComparer.Ordinal).ToList();

        unlisted.ShouldBeEmpty("these rule ids are not in docs/rules.md:\n" + string.Join("\n", unlisted));
    }

    [Fact]
    public void EveryTestTheDocsNameExists()
    {
        var source = string.Join("\n", Directory.GetFiles(Path.Combine(Root, "tests"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Split(Path.DirectorySeparatorChar).Any(SkippedFolders.Contains)).Select(File.ReadAllText));
        var classes = TestClass().Matches(source).Select(m => m.Groups[1].Value).ToHashSet();
        var methods = TestMethod().Matches(source).Select(m => m.Groups[1].Value).ToList();
        var missing = Documents().SelectMany(doc => File.ReadAllLines(doc).SelectMany((line, i) => NamedTest().Matches(line)
            .Where(m => !classes.Contains(m.Groups[1].Value)
                || (m.Groups[2].Success && !methods.Any(n => m.Groups[3].Success ? n.StartsWith(m.Groups[2].Value, StringComparison.Ordinal) : n == m.Groups[2].Value)))
            .Select(m => $"{Path.GetRelativePath(Root, doc)}:{i + 1}: {m.Value}"))).ToList();

        missing.ShouldBeEmpty("these tests are named in the docs but do not exist:\n" + string.Join("\n", missing));
    }

    /// <summary>J1–J27 and Y1–Y11 (with any suffix) are ../shared/RULES.md's; every other id is the project's.</summary>
    private static bool DefinedBySharedRules(string id) =>
        SharedRuleId().Match(id) is { Success: true } m && int.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture) <= (m.Groups[1].Value == "J" ? 27 : 11);

    private static IEnumerable<string> Documents() =>
        new[] { Path.Combine(Root, "README.md") }
            .Concat(Directory.GetFiles(Path.Combine(Root, "docs"), "*.md").Order(StringComparer.Ordinal))
            .Concat(Directory.GetFiles(Path.Combine(Root, "docs", "decisions"), "*.md").Order(StringComparer.Ordinal));

    /// <summary>Paths in `code spans` (found anywhere in the repository by their end) and Markdown link targets
    /// (relative to the document).</summary>
    private static IEnumerable<(int Line, string Path, string? RelativeTo)> NamedPaths(string document)
    {
        var lines = File.ReadAllLines(document);
        for (var i = 0; i < lines.Length; i++)
        {
            foreach (Match m in CodeSpan().Matches(lines[i]))
            {
                var token = m.Groups[1].Value.Split('#', '?')[0].TrimEnd('.', ',', ';', ':', ')');
                if (LooksLikeAPath(token))
                {
                    yield return (i + 1, token, null);
                }
            }

            foreach (Match m in LinkTarget().Matches(lines[i]))
            {
                var target = m.Groups[1].Value.Split('#')[0];
                if (target.Length > 0 && !target.Contains("://", StringComparison.Ordinal))
                {
                    yield return (i + 1, target, Path.GetDirectoryName(document));
                }
            }
        }
    }

    private static bool LooksLikeAPath(string token)
    {
        if (token.Length == 0 || token.IndexOfAny([' ', '<', '{', '*', '|', '=', '@']) >= 0 || token.Contains("NNNN", StringComparison.Ordinal))
        {
            return false;
        }

        var path = token.StartsWith("./", StringComparison.Ordinal) ? token[2..] : token;
        var slash = path.IndexOf('/', StringComparison.Ordinal);
        return slash > 0 ? PathStarts.Contains(path[..slash]) : SourceFileName().IsMatch(path);
    }

    private static bool Exists(string path, string? relativeTo, IReadOnlyList<string> files)
    {
        if (relativeTo is not null)
        {
            var full = Path.GetFullPath(Path.Combine(relativeTo, path));
            return File.Exists(full) || Directory.Exists(full);
        }

        var wanted = (path.StartsWith("./", StringComparison.Ordinal) ? path[2..] : path).TrimEnd('/');
        if (wanted.StartsWith("Core/", StringComparison.Ordinal) || wanted.StartsWith("Web/", StringComparison.Ordinal))
        {
            wanted = "BudgetPortal." + wanted;
        }

        // `tests/…/X.cs`: a start and an end with anything between.
        var parts = wanted.Split('…');
        var candidates = Path.GetExtension(wanted).Length > 0 || parts.Length > 1
            ? [wanted]
            : new[] { wanted, wanted + ".cs", wanted + ".cshtml" };
        return candidates.Any(c => files.Any(f => Matches(f, c.Split('…'))));
    }

    private static bool Matches(string file, string[] parts) => parts.Length == 1
        ? file == parts[0] || file.EndsWith("/" + parts[0], StringComparison.Ordinal)
        : file.StartsWith(parts[0].TrimEnd('/'), StringComparison.Ordinal) && file.EndsWith("/" + parts[^1].TrimStart('/'), StringComparison.Ordinal);

    /// <summary>Every file and folder of the checkout, relative and with '/' separators (build output left out).</summary>
    private static List<string> RepositoryPaths()
    {
        var paths = new List<string>();
        var pending = new Stack<string>([Root]);
        while (pending.TryPop(out var dir))
        {
            foreach (var sub in Directory.GetDirectories(dir).Where(d => !SkippedFolders.Contains(Path.GetFileName(d))))
            {
                paths.Add(Path.GetRelativePath(Root, sub).Replace('\\', '/'));
                pending.Push(sub);
            }

            paths.AddRange(Directory.GetFiles(dir).Select(f => Path.GetRelativePath(Root, f).Replace('\\', '/')));
        }

        return paths;
    }

    private static IEnumerable<string> Ancestors(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            yield return dir.FullName;
        }
    }

    [GeneratedRegex("`([^`\\s]+)`")]
    private static partial Regex CodeSpan();

    [GeneratedRegex(@"\]\(([^)\s]+)\)")]
    private static partial Regex LinkTarget();

    [GeneratedRegex(@"^[\w.-]+\.(cs|cshtml|sh|py)$")]
    private static partial Regex SourceFileName();

    /// <summary>A test class named in prose, with an optional method (<c>…</c> after it: a prefix of the name).</summary>
    [GeneratedRegex(@"(?<![\w/.])([A-Z]\w*Tests)(?![\w.]*\.cs)(?:\.([A-Z]\w*)(…)?)?")]
    private static partial Regex NamedTest();

    [GeneratedRegex(@"class (\w+Tests)\b")]
    private static partial Regex TestClass();

    [GeneratedRegex(@"public (?:async )?(?:Task|void) (\w+)\(")]
    private static partial Regex TestMethod();

    [GeneratedRegex(@"^(J|Y)(\d+)(?![\d])")]
    private static partial Regex SharedRuleId();

    /// <summary>A rule id written into a finding by code: <c>Rule = "C1"</c>, <c>RateFinding("X1-previous", …)</c>.</summary>
    [GeneratedRegex(@"(?:Rule = |Finding\()""([A-Z]{1,3}\d+(?:-[a-z_]+)*)""")]
    private static partial Regex EmittedRuleId();
}
