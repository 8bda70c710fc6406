using BudgetPortal.Web.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BudgetPortal.Web.Data.Configurations;

public sealed class TableSetConfiguration : IEntityTypeConfiguration<TableSet>
{
    public void Configure(EntityTypeBuilder<TableSet> builder)
    {
        builder.HasIndex(s => s.Code).IsUnique();
        builder.HasMany(s => s.Tables).WithOne().HasForeignKey(t => t.TableSetId);
        builder.Property(s => s.RulesJson).HasColumnType("jsonb");
        builder.Property(s => s.Description).HasMaxLength(4000);
    }
}

public sealed class TableTemplateConfiguration : IEntityTypeConfiguration<TableTemplate>
{
    public void Configure(EntityTypeBuilder<TableTemplate> builder)
    {
        builder.HasIndex(t => new { t.TableSetId, t.Ordinal }).IsUnique();
        builder.Property(t => t.ColumnsJson).HasColumnType("jsonb");
        builder.Property(t => t.EmptyNote).HasMaxLength(2000);
    }
}
