namespace BudgetPortal.Tests.Regions;

/// <summary>
/// Real published documents of regions other than the reference ones, kept OUTSIDE the repository in
/// <c>../shared/region-samples/</c> beside the checkout (they are not the project's to commit). Tests that read them
/// are skipped, with a message saying why, where that folder is absent.
/// </summary>
public static class RegionSamples
{
    private static readonly Lazy<string?> LazyRoot = new(FindRoot);

    /// <summary>The folder of one region's samples, or null when the shared folder is not beside the checkout.</summary>
    public static string? Folder(string region) =>
        LazyRoot.Value is { } root && Directory.Exists(Path.Combine(root, region)) ? Path.Combine(root, region) : null;

    public static string File(string region, string name) =>
        Path.Combine(Folder(region) ?? throw new InvalidOperationException($"region samples {region} are absent"), name);

    public static string MissingMessage(string region) =>
        $"../shared/region-samples/{region}/ is not beside the checkout: the real documents of this region are not part of the repository, so these tests are skipped.";

    // The checkout is the folder holding BudgetPortal.sln; the samples sit in ../shared beside it.
    private static string? FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (System.IO.File.Exists(Path.Combine(dir.FullName, "BudgetPortal.sln")))
            {
                var samples = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "region-samples"));
                return Directory.Exists(samples) ? samples : null;
            }
        }

        return null;
    }
}

/// <summary>A fact that is skipped, with the reason, when the 上海市普陀区 samples are absent (xunit 2 has no runtime skip).</summary>
public sealed class PutuoFactAttribute : FactAttribute
{
    public PutuoFactAttribute()
    {
        if (RegionSamples.Folder(PutuoSamples.Region) is null)
        {
            Skip = RegionSamples.MissingMessage(PutuoSamples.Region);
        }
    }
}

/// <summary>A theory that is skipped, with the reason, when the 上海市普陀区 samples are absent.</summary>
public sealed class PutuoTheoryAttribute : TheoryAttribute
{
    public PutuoTheoryAttribute()
    {
        if (RegionSamples.Folder(PutuoSamples.Region) is null)
        {
            Skip = RegionSamples.MissingMessage(PutuoSamples.Region);
        }
    }
}
