using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BudgetPortal.Web.Data.Migrations
{
    /// <summary>
    /// Import previews no longer keep the uploaded file (its name and SHA-256 are what the audit log needs), and are
    /// found by age for the cleanup that deletes expired ones.
    /// </summary>
    public partial class PendingImportsWithoutContent : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "content",
                table: "pending_imports");

            migrationBuilder.CreateIndex(
                name: "ix_pending_imports_created_at",
                table: "pending_imports",
                column: "created_at");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_pending_imports_created_at",
                table: "pending_imports");

            migrationBuilder.AddColumn<byte[]>(
                name: "content",
                table: "pending_imports",
                type: "bytea",
                nullable: false,
                defaultValue: new byte[0]);
        }
    }
}
