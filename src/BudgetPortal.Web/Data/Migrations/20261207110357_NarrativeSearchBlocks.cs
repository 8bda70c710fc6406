using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BudgetPortal.Web.Data.Migrations
{
    /// <summary>
    /// The narrative sections' search by blocks (decision 0450): one row per 64 consecutive section ids
    /// (<c>narrative_blocks</c>, block = id / 64) holding the union of their grams, with a GIN index, replaces the GIN index
    /// over every section. A GIN index gives its matches in no order, so the newest hits of a word that many older
    /// sections hold meant reading every one of them; over blocks it returns at most one row per 64 sections, ordered by
    /// block, and the sections of the newest matching blocks are then confirmed. Sections are only inserted (a draft's
    /// narrative is replaced, never updated in place); statement triggers mark the blocks an insert or update touched in
    /// <c>narrative_dirty_blocks</c> (one row per block, locked by the inserting transaction), the search reads the
    /// sections of marked blocks directly, and <c>NarrativeBlocks.RefreshAsync</c> (the index warmer, every few seconds,
    /// and generation) recomputes them. Only SQL: the model does not change.
    /// </summary>
    public partial class NarrativeSearchBlocks : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE TABLE narrative_blocks (block integer PRIMARY KEY, grams text[] NOT NULL);
                CREATE TABLE narrative_dirty_blocks (block integer PRIMARY KEY, touched_at timestamp with time zone NOT NULL DEFAULT now());
                CREATE FUNCTION narrative_sections_mark_blocks() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                  INSERT INTO narrative_dirty_blocks (block) SELECT DISTINCT id / 64 FROM touched
                  ON CONFLICT (block) DO UPDATE SET touched_at = now();
                  RETURN NULL;
                END $$;
                CREATE TRIGGER narrative_sections_inserted_mark_blocks AFTER INSERT ON narrative_sections
                  REFERENCING NEW TABLE AS touched FOR EACH STATEMENT EXECUTE FUNCTION narrative_sections_mark_blocks();
                CREATE TRIGGER narrative_sections_updated_mark_blocks AFTER UPDATE ON narrative_sections
                  REFERENCING NEW TABLE AS touched FOR EACH STATEMENT EXECUTE FUNCTION narrative_sections_mark_blocks();
                INSERT INTO narrative_blocks (block, grams)
                  SELECT r.id / 64, array_agg(DISTINCT g ORDER BY g) FROM narrative_sections r
                  CROSS JOIN LATERAL unnest(search_grams(r.title || ' ' || r.body)) AS g GROUP BY 1;
                CREATE INDEX ix_narrative_blocks_grams ON narrative_blocks USING gin (grams);
                DROP INDEX ix_narrative_sections_grams;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE INDEX ix_narrative_sections_grams ON narrative_sections USING gin (search_grams(title || ' ' || body));
                DROP TRIGGER narrative_sections_updated_mark_blocks ON narrative_sections;
                DROP TRIGGER narrative_sections_inserted_mark_blocks ON narrative_sections;
                DROP FUNCTION narrative_sections_mark_blocks();
                DROP TABLE narrative_dirty_blocks;
                DROP TABLE narrative_blocks;
                """);
        }
    }
}
