using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BudgetPortal.Web.Data.Migrations
{
    /// <summary>
    /// The narrative blocks holding a word's grams, read through their GIN index whatever the planner estimates (decision
    /// 0450): a block's grams are a large array kept out of line (TOAST), which the planner does not count, so on a few
    /// hundred blocks it chose a sequential scan that detoasted every array (24 ms at 20,000 disclosures against 0.16 ms
    /// through the index). The function's own setting holds only while it runs. Only SQL: the model does not change.
    /// </summary>
    public partial class NarrativeBlocksReadThroughTheirIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE FUNCTION narrative_blocks_holding(q text[]) RETURNS SETOF integer LANGUAGE sql STABLE PARALLEL SAFE
                  SET enable_seqscan = off
                  AS $$ SELECT block FROM narrative_blocks WHERE grams @> q $$;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP FUNCTION narrative_blocks_holding(text[]);");
        }
    }
}
