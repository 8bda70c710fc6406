using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BudgetPortal.Web.Data.Migrations
{
    /// <summary>
    /// The search's lookup by distinct text (decision 0420): a btree over (the first 200 characters of the text, id) for
    /// project names, table rows (code and name) and table titles, on exactly the expressions and row filters
    /// PortalSearch and SearchVocabulary query. It serves both the vocabulary (a loose index scan: one probe per distinct
    /// text) and the newest rows of one text (a backward range scan that stops after the hits wanted), so that a word
    /// found only in older rows no longer reads every row the gram index returns. The gram indexes of these three texts
    /// (SearchGrams, SearchGramsOfTableRowsAndTitles) are no longer read and are dropped: they were most of the time of a
    /// bulk generation and of every row written. Narrative sections keep theirs. Only SQL: the model does not change.
    /// </summary>
    public partial class SearchTextLookups : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE INDEX ix_table_rows_project_text ON table_rows (left(project, 200), id) WHERE project IS NOT NULL;
                CREATE INDEX ix_table_rows_name_text ON table_rows (left(coalesce(code, '') || ' ' || name, 200), id)
                  WHERE name IS NOT NULL AND role IS DISTINCT FROM 'colnum';
                CREATE INDEX ix_disclosure_tables_title_text ON disclosure_tables (left(number || ' ' || title, 200), id);
                DROP INDEX ix_table_rows_project_grams;
                DROP INDEX ix_table_rows_name_grams;
                DROP INDEX ix_disclosure_tables_title_grams;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE INDEX ix_table_rows_project_grams ON table_rows USING gin (search_grams(project)) WHERE project IS NOT NULL;
                CREATE INDEX ix_table_rows_name_grams ON table_rows USING gin (search_grams(coalesce(code, '') || ' ' || name))
                  WHERE name IS NOT NULL AND role IS DISTINCT FROM 'colnum';
                CREATE INDEX ix_disclosure_tables_title_grams ON disclosure_tables USING gin (search_grams(number || ' ' || title));
                DROP INDEX ix_disclosure_tables_title_text;
                DROP INDEX ix_table_rows_name_text;
                DROP INDEX ix_table_rows_project_text;
                """);
        }
    }
}
