using BudgetPortal.Web.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BudgetPortal.Web.Data.Configurations;

public sealed class RegionConfiguration : IEntityTypeConfiguration<Region>
{
    public void Configure(EntityTypeBuilder<Region> builder)
    {
        // NULLS NOT DISTINCT: two provinces (no parent) of one name are refused too, even when created at once.
        builder.HasIndex(r => new { r.ParentId, r.Name }).IsUnique().AreNullsDistinct(false);
        builder.HasOne(r => r.Parent).WithMany(r => r.Children).HasForeignKey(r => r.ParentId).OnDelete(DeleteBehavior.Restrict);
    }
}

public sealed class DepartmentConfiguration : IEntityTypeConfiguration<Department>
{
    public void Configure(EntityTypeBuilder<Department> builder)
    {
        builder.HasIndex(d => new { d.RegionId, d.Name }).IsUnique();
        builder.HasOne(d => d.Region).WithMany(r => r.Departments).HasForeignKey(d => d.RegionId).OnDelete(DeleteBehavior.Restrict);
        builder.Property(d => d.Code).HasMaxLength(32);
        builder.Property(d => d.Slug).HasMaxLength(60);
        builder.HasIndex(d => d.Slug).IsUnique();
    }
}

public sealed class BudgetUnitConfiguration : IEntityTypeConfiguration<BudgetUnit>
{
    public void Configure(EntityTypeBuilder<BudgetUnit> builder)
    {
        builder.ToTable("units");
        builder.HasOne(u => u.Department).WithMany(d => d.Units).HasForeignKey(u => u.DepartmentId);
        builder.Property(u => u.Code).HasMaxLength(32);
    }
}
