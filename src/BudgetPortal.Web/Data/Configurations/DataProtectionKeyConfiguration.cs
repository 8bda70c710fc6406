using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BudgetPortal.Web.Data.Configurations;

internal sealed class DataProtectionKeyConfiguration : IEntityTypeConfiguration<DataProtectionKey>
{
    // A key is an XML document of a few kilobytes: not bound by the 400-character default for strings.
    public void Configure(EntityTypeBuilder<DataProtectionKey> builder) => builder.Property(k => k.Xml).HasColumnType("text");
}
