using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BudgetPortal.Web.Data.Migrations
{
    /// <summary>
    /// <c>search_grams</c> (SearchGrams) in time linear in the text's length: the text split once into its characters
    /// (<c>string_to_array(t, NULL)</c>, by code points as <c>substr</c> counts them) and zipped with itself shifted by
    /// one, instead of a <c>substr(t, i, n)</c> per position, which walks the multibyte text from its start each time.
    /// The result is the same array (every one- and two-character gram, each lower-cased, distinct, in the same order),
    /// so the indexes built on it stay valid. It is evaluated for every narrative section when its GIN index is built,
    /// and again by <c>ANALYZE</c> for each sampled row (decision 0440).
    /// </summary>
    public partial class SearchGramsInLinearTime : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE OR REPLACE FUNCTION search_grams(t text) RETURNS text[] IMMUTABLE PARALLEL SAFE LANGUAGE sql AS $$
                  SELECT coalesce(array_agg(DISTINCT g), '{}')
                  FROM unnest(string_to_array(t, NULL), (string_to_array(t, NULL))[2:]) AS c(one, next),
                    LATERAL (VALUES (lower(one)), (lower(one || next))) AS grams(g)
                  WHERE g IS NOT NULL
                $$;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE OR REPLACE FUNCTION search_grams(t text) RETURNS text[] IMMUTABLE PARALLEL SAFE LANGUAGE sql AS $$
                  SELECT coalesce(array_agg(DISTINCT g), '{}') FROM (
                    SELECT lower(substr(t, i, 1)) AS g FROM generate_series(1, char_length(t)) AS i
                    UNION ALL
                    SELECT lower(substr(t, i, 2)) FROM generate_series(1, char_length(t) - 1) AS i) AS grams
                $$;
                """);
        }
    }
}
