using BudgetPortal.Web.Data.Entities;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace BudgetPortal.Web.Data;

public sealed class PortalDbContext(DbContextOptions<PortalDbContext> options) : IdentityDbContext<PortalUser>(options), IDataProtectionKeyContext
{
    /// <summary>ASP.NET Core Data Protection keys, shared by every instance (sign-in cookies valid on all of them).</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public DbSet<Region> Regions => Set<Region>();
    public DbSet<Department> Departments => Set<Department>();
    public DbSet<BudgetUnit> Units => Set<BudgetUnit>();
    public DbSet<TableSet> TableSets => Set<TableSet>();
    public DbSet<TableTemplate> TableTemplates => Set<TableTemplate>();
    public DbSet<CodeListEdition> CodeListEditions => Set<CodeListEdition>();
    public DbSet<Disclosure> Disclosures => Set<Disclosure>();
    public DbSet<DisclosureVersion> Versions => Set<DisclosureVersion>();
    public DbSet<VersionSummary> VersionSummaries => Set<VersionSummary>();
    public DbSet<DisclosureTable> Tables => Set<DisclosureTable>();
    public DbSet<TableRow> Rows => Set<TableRow>();
    public DbSet<NarrativeSectionEntity> Sections => Set<NarrativeSectionEntity>();
    public DbSet<UserScope> UserScopes => Set<UserScope>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<PendingImport> PendingImports => Set<PendingImport>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);

        // The public search's indexes over project names and narratives (GIN on one- and two-character grams) are
        // expressions EF does not model: they are created by the SearchGrams migration. See README, Search.
        builder.ApplyConfigurationsFromAssembly(typeof(PortalDbContext).Assembly);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        configurationBuilder.Properties<Enum>().HaveConversion<string>().HaveMaxLength(32);
        configurationBuilder.Properties<string>().HaveMaxLength(400);
    }
}
