using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BudgetPortal.Web.Data.Migrations
{
    /// <summary>
    /// The public search's indexes, which EF cannot model (expression indexes): every one- and two-character gram of a
    /// project name, and of a narrative's title and body, lower-cased, in a GIN index. A word of any length (Chinese
    /// has no spaces) is then found by its grams (<c>@&gt;</c>) and confirmed with <c>ILIKE</c>. Kept as its own
    /// migration so that regenerating InitialSchema does not lose it. See README, Search.
    /// </summary>
    public partial class SearchGrams : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE FUNCTION search_grams(t text) RETURNS text[] IMMUTABLE PARALLEL SAFE LANGUAGE sql AS $$
                  SELECT coalesce(array_agg(DISTINCT g), '{}') FROM (
                    SELECT lower(substr(t, i, 1)) AS g FROM generate_series(1, char_length(t)) AS i
                    UNION ALL
                    SELECT lower(substr(t, i, 2)) FROM generate_series(1, char_length(t) - 1) AS i) AS grams
                $$;
                CREATE INDEX ix_table_rows_project_grams ON table_rows USING gin (search_grams(project)) WHERE project IS NOT NULL;
                CREATE INDEX ix_narrative_sections_grams ON narrative_sections USING gin (search_grams(title || ' ' || body));
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP INDEX ix_narrative_sections_grams;
                DROP INDEX ix_table_rows_project_grams;
                DROP FUNCTION search_grams(text);
                """);
        }
    }
}
