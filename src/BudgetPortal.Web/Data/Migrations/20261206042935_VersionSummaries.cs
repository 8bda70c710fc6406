using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BudgetPortal.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class VersionSummaries : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "version_summaries",
                columns: table => new
                {
                    version_id = table.Column<int>(type: "integer", nullable: false),
                    stamp = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    figures = table.Column<string>(type: "text", maxLength: 400, nullable: false),
                    passed = table.Column<int>(type: "integer", nullable: false),
                    rounding = table.Column<int>(type: "integer", nullable: false),
                    warnings = table.Column<int>(type: "integer", nullable: false),
                    errors = table.Column<int>(type: "integer", nullable: false),
                    computed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_version_summaries", x => x.version_id);
                    table.ForeignKey(
                        name: "fk_version_summaries_disclosure_versions_version_id",
                        column: x => x.version_id,
                        principalTable: "disclosure_versions",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "version_summaries");
        }
    }
}
