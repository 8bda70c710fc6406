using BudgetPortal.Web.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BudgetPortal.Web.Data.Configurations;

public sealed class TableSetConfiguration : IEntityTypeConfiguration<TableSet>
{
    public void Configure(EntityTypeBuilder<TableSet> builder)
    {
        builder.HasIndex(s => new { s.Code, s.Version }).IsUnique();
        builder.HasMany(s => s.Tables).WithOne().HasForeignKey(t => t.TableSetId);
        builder.Property(s => s.RulesJson).HasColumnType("jsonb");
        builder.Property(s => s.Description).HasMaxLength(4000);
        builder.Property(s => s.DepartmentLabel).HasMaxLength(20);
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

public sealed class CodeListEditionConfiguration : IEntityTypeConfiguration<CodeListEdition>
{
    public void Configure(EntityTypeBuilder<CodeListEdition> builder)
    {
        builder.Property(e => e.ListCode).HasMaxLength(40);
        builder.Property(e => e.Edition).HasMaxLength(200);
        builder.Property(e => e.Region).HasMaxLength(200);
        builder.Property(e => e.EntriesJson).HasColumnType("jsonb");
    }
}
