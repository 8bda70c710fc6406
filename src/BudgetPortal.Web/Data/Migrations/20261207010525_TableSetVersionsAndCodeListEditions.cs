using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace BudgetPortal.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class TableSetVersionsAndCodeListEditions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_table_sets_code",
                table: "table_sets");

            migrationBuilder.AddColumn<int>(
                name: "version",
                table: "table_sets",
                type: "integer",
                nullable: false,
                defaultValue: 1);

            migrationBuilder.CreateTable(
                name: "code_list_editions",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    list_code = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    edition = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    year = table.Column<int>(type: "integer", nullable: true),
                    region = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    complete = table.Column<bool>(type: "boolean", nullable: false),
                    entries_json = table.Column<string>(type: "jsonb", maxLength: 400, nullable: false),
                    source = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: true),
                    uploaded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_code_list_editions", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_table_sets_code_version",
                table: "table_sets",
                columns: new[] { "code", "version" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "code_list_editions");

            migrationBuilder.DropIndex(
                name: "ix_table_sets_code_version",
                table: "table_sets");

            migrationBuilder.DropColumn(
                name: "version",
                table: "table_sets");

            migrationBuilder.CreateIndex(
                name: "ix_table_sets_code",
                table: "table_sets",
                column: "code",
                unique: true);
        }
    }
}
