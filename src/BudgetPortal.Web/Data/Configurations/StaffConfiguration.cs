using BudgetPortal.Web.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BudgetPortal.Web.Data.Configurations;

internal sealed class UserScopeConfiguration : IEntityTypeConfiguration<UserScope>
{
    public void Configure(EntityTypeBuilder<UserScope> builder)
    {
        builder.HasOne(s => s.User).WithMany(u => u.Scopes).HasForeignKey(s => s.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(s => s.Department).WithMany().HasForeignKey(s => s.DepartmentId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(s => s.Region).WithMany().HasForeignKey(s => s.RegionId).OnDelete(DeleteBehavior.Cascade);
        builder.ToTable(t => t.HasCheckConstraint("ck_user_scopes_one_target", "(department_id IS NULL) <> (region_id IS NULL)"));
    }
}

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> builder)
    {
        builder.Property(a => a.Detail).HasColumnType("text");
        builder.Property(a => a.OldValue).HasColumnType("text");
        builder.Property(a => a.NewValue).HasColumnType("text");
        builder.HasIndex(a => a.At);
        builder.HasIndex(a => a.DisclosureId);
        builder.HasIndex(a => a.UserName);
    }
}

internal sealed class PendingImportConfiguration : IEntityTypeConfiguration<PendingImport>
{
    public void Configure(EntityTypeBuilder<PendingImport> builder)
    {
        builder.Property(p => p.TableIds).HasColumnType("text");
        builder.Property(p => p.Tables).HasColumnType("text");
        builder.HasIndex(p => p.VersionId);
        builder.HasIndex(p => p.CreatedAt);
    }
}
