using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace BudgetPortal.Web.Data.Migrations
{
    /// <summary>
    /// A table's header tree into <c>disclosure_tables.columns</c> and a row's cells into <c>table_rows.cells</c> (json, see
    /// <c>StoredJson</c>; decision 0361): a disclosure is ~120 stored rows instead of ~660, and about half the bytes.
    /// </summary>
    public partial class CompactTableColumnsAndCellsAsJson : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "cells",
                table: "table_rows",
                type: "json",
                nullable: false,
                defaultValueSql: "'[]'");

            migrationBuilder.AddColumn<string>(
                name: "columns",
                table: "disclosure_tables",
                type: "json",
                nullable: false,
                defaultValueSql: "'[]'");

            // Existing tables: the header tree into its table, the cells into their row (positional, blanks as null, trailing blanks left out).
            migrationBuilder.Sql("""
                UPDATE disclosure_tables t SET columns = x.columns
                FROM (SELECT table_id, json_agg(json_strip_nulls(json_build_object('o', ordinal, 'p', parent_ordinal, 't', title, 'k', key, 'y', type, 'r', role, 'l', leaf_index)) ORDER BY ordinal) AS columns
                      FROM table_columns GROUP BY table_id) x
                WHERE x.table_id = t.id;
                UPDATE table_rows r SET cells = x.cells
                FROM (SELECT m.row_id, json_agg(coalesce(to_json(c.amount), to_json(c.text)) ORDER BY g.i) AS cells
                      FROM (SELECT row_id, max(column_index) AS last FROM table_cells GROUP BY row_id) m
                      CROSS JOIN LATERAL generate_series(0, m.last) AS g(i)
                      LEFT JOIN table_cells c ON c.row_id = m.row_id AND c.column_index = g.i
                      GROUP BY m.row_id) x
                WHERE x.row_id = r.id;
                """);

            migrationBuilder.DropTable(
                name: "table_cells");

            migrationBuilder.DropTable(
                name: "table_columns");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "table_cells",
                columns: table => new
                {
                    row_id = table.Column<int>(type: "integer", nullable: false),
                    column_index = table.Column<int>(type: "integer", nullable: false),
                    amount = table.Column<decimal>(type: "numeric", nullable: true),
                    text = table.Column<string>(type: "character varying(8000)", maxLength: 8000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_table_cells", x => new { x.row_id, x.column_index });
                    table.ForeignKey(
                        name: "fk_table_cells_table_rows_row_id",
                        column: x => x.row_id,
                        principalTable: "table_rows",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "table_columns",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    key = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    leaf_index = table.Column<int>(type: "integer", nullable: true),
                    ordinal = table.Column<int>(type: "integer", nullable: false),
                    parent_ordinal = table.Column<int>(type: "integer", nullable: true),
                    role = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    table_id = table.Column<int>(type: "integer", nullable: false),
                    title = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    type = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_table_columns", x => x.id);
                    table.ForeignKey(
                        name: "fk_table_columns_disclosure_tables_table_id",
                        column: x => x.table_id,
                        principalTable: "disclosure_tables",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_table_columns_table_id_ordinal",
                table: "table_columns",
                columns: new[] { "table_id", "ordinal" },
                unique: true);

            migrationBuilder.Sql("""
                INSERT INTO table_columns (table_id, ordinal, parent_ordinal, title, key, type, role, leaf_index)
                SELECT t.id, (c->>'o')::int, (c->>'p')::int, c->>'t', c->>'k', c->>'y', c->>'r', (c->>'l')::int
                FROM disclosure_tables t CROSS JOIN LATERAL json_array_elements(t.columns) AS c;
                INSERT INTO table_cells (row_id, column_index, amount, text)
                SELECT r.id, (e.i - 1)::int, CASE WHEN json_typeof(e.v) = 'number' THEN (e.v#>>'{}')::numeric END, CASE WHEN json_typeof(e.v) = 'string' THEN e.v#>>'{}' END
                FROM table_rows r CROSS JOIN LATERAL json_array_elements(r.cells) WITH ORDINALITY AS e(v, i)
                WHERE json_typeof(e.v) <> 'null';
                """);

            migrationBuilder.DropColumn(
                name: "cells",
                table: "table_rows");

            migrationBuilder.DropColumn(
                name: "columns",
                table: "disclosure_tables");
        }
    }
}
