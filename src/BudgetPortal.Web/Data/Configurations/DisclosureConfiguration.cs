using BudgetPortal.Web.Data.Entities;
using BudgetPortal.Web.Staff;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BudgetPortal.Web.Data.Configurations;

public sealed class DisclosureConfiguration : IEntityTypeConfiguration<Disclosure>
{
    public void Configure(EntityTypeBuilder<Disclosure> builder)
    {
        builder.HasIndex(d => d.Slug).IsUnique();
        builder.HasIndex(d => new { d.DepartmentId, d.Year, d.Kind }).IsUnique();
        builder.HasIndex(d => new { d.Year, d.Kind });
        builder.Property(d => d.Slug).HasMaxLength(120);
        builder.HasOne(d => d.Department).WithMany(d => d.Disclosures).HasForeignKey(d => d.DepartmentId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(d => d.TableSet).WithMany().HasForeignKey(d => d.TableSetId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(d => d.Versions).WithOne(v => v.Disclosure).HasForeignKey(v => v.DisclosureId);
        builder.HasOne(d => d.CurrentVersion).WithMany().HasForeignKey(d => d.CurrentVersionId).OnDelete(DeleteBehavior.Restrict);
    }
}

public sealed class DisclosureVersionConfiguration : IEntityTypeConfiguration<DisclosureVersion>
{
    public void Configure(EntityTypeBuilder<DisclosureVersion> builder)
    {
        builder.ToTable("disclosure_versions");
        builder.HasIndex(v => new { v.DisclosureId, v.Number }).IsUnique();
        // The publication stamp (highest published version id) is read on every public request: one index probe.
        builder.HasIndex(v => new { v.Status, v.Id });
        builder.Property(v => v.CorrectionNote).HasMaxLength(4000);
        builder.Property(v => v.CheckExplanation).HasMaxLength(VersionWorkflow.MaxExplanationLength);
        builder.HasMany(v => v.Tables).WithOne().HasForeignKey(t => t.VersionId);
        builder.HasMany(v => v.Sections).WithOne().HasForeignKey(s => s.VersionId);
    }
}

public sealed class NarrativeSectionConfiguration : IEntityTypeConfiguration<NarrativeSectionEntity>
{
    public void Configure(EntityTypeBuilder<NarrativeSectionEntity> builder)
    {
        builder.ToTable("narrative_sections");
        builder.HasIndex(s => new { s.VersionId, s.Ordinal }).IsUnique();
        builder.Property(s => s.Body).HasMaxLength(200_000);
    }
}

public sealed class VersionSummaryConfiguration : IEntityTypeConfiguration<VersionSummary>
{
    public void Configure(EntityTypeBuilder<VersionSummary> builder)
    {
        builder.ToTable("version_summaries");
        builder.HasKey(s => s.VersionId);
        builder.Property(s => s.VersionId).ValueGeneratedNever();
        builder.Property(s => s.Figures).HasColumnType("text");
        builder.HasOne<DisclosureVersion>().WithOne().HasForeignKey<VersionSummary>(s => s.VersionId).OnDelete(DeleteBehavior.Cascade);
    }
}
