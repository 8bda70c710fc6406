using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BudgetPortal.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class TableSetDepartmentLabel : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "department_label",
                table: "table_sets",
                type: "character varying(20)",
                maxLength: 20,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "department_label",
                table: "table_sets");
        }
    }
}
