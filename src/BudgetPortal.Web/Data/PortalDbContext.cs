using BudgetPortal.Web.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace BudgetPortal.Web.Data;

public sealed class PortalDbContext(DbContextOptions<PortalDbContext> options) : DbContext(options)
{
    public DbSet<Region> Regions => Set<Region>();
    public DbSet<Department> Departments => Set<Department>();
    public DbSet<BudgetUnit> Units => Set<BudgetUnit>();
    public DbSet<TableSet> TableSets => Set<TableSet>();
    public DbSet<TableTemplate> TableTemplates => Set<TableTemplate>();
    public DbSet<Disclosure> Disclosures => Set<Disclosure>();
    public DbSet<DisclosureVersion> Versions => Set<DisclosureVersion>();
    public DbSet<DisclosureTable> Tables => Set<DisclosureTable>();
    public DbSet<TableColumn> Columns => Set<TableColumn>();
    public DbSet<TableRow> Rows => Set<TableRow>();
    public DbSet<TableCell> Cells => Set<TableCell>();
    public DbSet<NarrativeSectionEntity> Sections => Set<NarrativeSectionEntity>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        // Trigram indexes (GIN, gin_trgm_ops) serve the public search's ILIKE '%…%' on Chinese text, which has no
        // word boundaries for a full-text parser to split on. See README, Search.
        modelBuilder.HasPostgresExtension("pg_trgm");
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(PortalDbContext).Assembly);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        configurationBuilder.Properties<Enum>().HaveConversion<string>().HaveMaxLength(32);
        configurationBuilder.Properties<string>().HaveMaxLength(400);
    }
}
