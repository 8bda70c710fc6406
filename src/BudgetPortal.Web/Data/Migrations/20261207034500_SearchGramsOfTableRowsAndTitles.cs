using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BudgetPortal.Web.Data.Migrations
{
    /// <summary>
    /// The search of table rows (by code or name) and of table titles looked beyond the newest rows with a sequential
    /// scan computing every row's grams: seconds at 20,000 disclosures, minutes at 100,000. Gram indexes like those of
    /// the SearchGrams migration, on exactly the expressions and row filter PortalSearch queries, make a rare word an
    /// index lookup at any size (decision 0211). Only SQL: the model does not change.
    /// </summary>
    public partial class SearchGramsOfTableRowsAndTitles : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE INDEX ix_table_rows_name_grams ON table_rows USING gin (search_grams(coalesce(code, '') || ' ' || name))
                  WHERE name IS NOT NULL AND role IS DISTINCT FROM 'colnum';
                CREATE INDEX ix_disclosure_tables_title_grams ON disclosure_tables USING gin (search_grams(number || ' ' || title));
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP INDEX ix_disclosure_tables_title_grams;
                DROP INDEX ix_table_rows_name_grams;
                """);
        }
    }
}
