using BudgetPortal.Core.Documents;
using BudgetPortal.Web.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace BudgetPortal.Web.Data.Configurations;

public sealed class DisclosureTableConfiguration : IEntityTypeConfiguration<DisclosureTable>
{
    public void Configure(EntityTypeBuilder<DisclosureTable> builder)
    {
        builder.ToTable("disclosure_tables");
        builder.HasIndex(t => new { t.VersionId, t.Ordinal }).IsUnique();
        builder.Property(t => t.EmptyNote).HasMaxLength(2000);
        builder.OwnsMany(t => t.Fields, f => f.ToJson());
        // The header tree is stored with its table, the cells with their row (decision 0361): a disclosure is tens of rows, not hundreds.
        builder.Property(t => t.Columns).HasColumnType("json").HasDefaultValueSql("'[]'").HasConversion(
            new ValueConverter<List<TableColumn>, string>(c => StoredJson.Columns(c), json => StoredJson.ParseColumns(json)),
            new ValueComparer<List<TableColumn>>((a, b) => StoredJson.Columns(a!) == StoredJson.Columns(b!), c => StoredJson.Columns(c).GetHashCode(StringComparison.Ordinal), c => StoredJson.ParseColumns(StoredJson.Columns(c))));
        builder.HasMany(t => t.Rows).WithOne().HasForeignKey(r => r.TableId);
    }
}

public sealed class TableRowConfiguration : IEntityTypeConfiguration<TableRow>
{
    public void Configure(EntityTypeBuilder<TableRow> builder)
    {
        builder.ToTable("table_rows");
        builder.HasIndex(r => new { r.TableId, r.Ordinal }).IsUnique();
        builder.HasIndex(r => r.Code);
        builder.Property(r => r.Role).HasMaxLength(16);
        // The limits every way into a draft checks first (StorageLimits), so that none of them is an error on saving.
        builder.Property(r => r.Code).HasMaxLength(StorageLimits.CodeLength);
        builder.Property(r => r.UnitCode).HasMaxLength(StorageLimits.UnitCodeLength);
        builder.Property(r => r.Name).HasMaxLength(StorageLimits.NameLength);
        builder.Property(r => r.Project).HasMaxLength(StorageLimits.ProjectLength);
        // The newest project rows, where the search looks first (see PortalSearch).
        builder.HasIndex(r => r.Id, "ix_table_rows_project_rows").HasFilter("project IS NOT NULL");
        builder.Property(r => r.Cells).HasColumnType("json").HasDefaultValueSql("'[]'").HasConversion(
            new ValueConverter<List<TableCell>, string>(c => StoredJson.Cells(c), json => StoredJson.ParseCells(json)),
            new ValueComparer<List<TableCell>>((a, b) => StoredJson.Cells(a!) == StoredJson.Cells(b!), c => StoredJson.Cells(c).GetHashCode(StringComparison.Ordinal), c => StoredJson.ParseCells(StoredJson.Cells(c))));
    }
}
