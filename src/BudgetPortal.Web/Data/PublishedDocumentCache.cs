using BudgetPortal.Web.Hosting;

namespace BudgetPortal.Web.Data;

/// <summary>
/// The content of published versions, read once and kept (at most 200 versions, least recently used go first, and
/// none unused for 30 minutes): a published version never changes, so nothing ever needs to evict it. Drafts never
/// come here.
/// </summary>
public sealed class PublishedDocumentCache(TimeProvider clock)
    : BoundedCache<int, VersionContent>(200, TimeSpan.FromMinutes(30), clock);
