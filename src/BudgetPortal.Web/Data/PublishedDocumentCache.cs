using Microsoft.Extensions.Caching.Memory;

namespace BudgetPortal.Web.Data;

/// <summary>
/// The content of published versions, read once and kept (at most 200 versions, least recently used go first): a
/// published version never changes, so nothing ever needs to evict it. Drafts never come here.
/// </summary>
public sealed class PublishedDocumentCache : IDisposable
{
    private readonly MemoryCache _content = new(new MemoryCacheOptions { SizeLimit = 200 });

    public async Task<VersionContent> GetOrLoadAsync(int versionId, Func<Task<VersionContent>> load)
    {
        if (_content.TryGetValue(versionId, out VersionContent? cached) && cached is not null)
        {
            return cached;
        }

        var content = await load();
        _content.Set(versionId, content, new MemoryCacheEntryOptions { Size = 1, SlidingExpiration = TimeSpan.FromMinutes(30) });
        return content;
    }

    public void Dispose() => _content.Dispose();
}
