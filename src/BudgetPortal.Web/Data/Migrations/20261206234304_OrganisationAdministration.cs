using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BudgetPortal.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class OrganisationAdministration : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_regions_parent_id_name",
                table: "regions");

            migrationBuilder.AddColumn<string>(
                name: "category",
                table: "units",
                type: "character varying(32)",
                maxLength: 32,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "slug",
                table: "departments",
                type: "character varying(60)",
                maxLength: 60,
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "disabled",
                table: "AspNetUsers",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<bool>(
                name: "must_change_password",
                table: "AspNetUsers",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.CreateIndex(
                name: "ix_regions_parent_id_name",
                table: "regions",
                columns: new[] { "parent_id", "name" },
                unique: true)
                .Annotation("Npgsql:NullsDistinct", false);

            migrationBuilder.CreateIndex(
                name: "ix_departments_slug",
                table: "departments",
                column: "slug",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_regions_parent_id_name",
                table: "regions");

            migrationBuilder.DropIndex(
                name: "ix_departments_slug",
                table: "departments");

            migrationBuilder.DropColumn(
                name: "category",
                table: "units");

            migrationBuilder.DropColumn(
                name: "slug",
                table: "departments");

            migrationBuilder.DropColumn(
                name: "disabled",
                table: "AspNetUsers");

            migrationBuilder.DropColumn(
                name: "must_change_password",
                table: "AspNetUsers");

            migrationBuilder.CreateIndex(
                name: "ix_regions_parent_id_name",
                table: "regions",
                columns: new[] { "parent_id", "name" },
                unique: true);
        }
    }
}
