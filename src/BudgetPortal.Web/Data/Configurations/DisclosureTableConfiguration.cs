using BudgetPortal.Core.Documents;
using BudgetPortal.Web.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BudgetPortal.Web.Data.Configurations;

public sealed class DisclosureTableConfiguration : IEntityTypeConfiguration<DisclosureTable>
{
    public void Configure(EntityTypeBuilder<DisclosureTable> builder)
    {
        builder.ToTable("disclosure_tables");
        builder.HasIndex(t => new { t.VersionId, t.Ordinal }).IsUnique();
        builder.Property(t => t.EmptyNote).HasMaxLength(2000);
        builder.OwnsMany(t => t.Fields, f => f.ToJson());
        builder.HasMany(t => t.Columns).WithOne().HasForeignKey(c => c.TableId);
        builder.HasMany(t => t.Rows).WithOne().HasForeignKey(r => r.TableId);
    }
}

public sealed class TableColumnConfiguration : IEntityTypeConfiguration<TableColumn>
{
    public void Configure(EntityTypeBuilder<TableColumn> builder)
    {
        builder.ToTable("table_columns");
        builder.HasIndex(c => new { c.TableId, c.Ordinal }).IsUnique();
        builder.Property(c => c.Key).HasMaxLength(64);
        builder.Property(c => c.Type).HasMaxLength(16);
        builder.Property(c => c.Role).HasMaxLength(16);
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
        builder.HasMany(r => r.Cells).WithOne().HasForeignKey(c => c.RowId);
    }
}

public sealed class TableCellConfiguration : IEntityTypeConfiguration<TableCell>
{
    public void Configure(EntityTypeBuilder<TableCell> builder)
    {
        builder.ToTable("table_cells");
        builder.HasKey(c => new { c.RowId, c.ColumnIndex });

        // Unconstrained numeric keeps each figure's printed scale (0 vs 0.00, 47.004037) as well as its value;
        // a fixed numeric(p,s) would pad every figure to s decimals. See README, Decisions.
        builder.Property(c => c.Amount).HasColumnType("numeric");
        builder.Property(c => c.Text).HasMaxLength(StorageLimits.CellTextLength);
    }
}
