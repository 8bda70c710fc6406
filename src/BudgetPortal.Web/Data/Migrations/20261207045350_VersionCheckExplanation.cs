using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BudgetPortal.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class VersionCheckExplanation : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "check_explanation",
                table: "disclosure_versions",
                type: "character varying(4000)",
                maxLength: 4000,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "check_explanation",
                table: "disclosure_versions");
        }
    }
}
