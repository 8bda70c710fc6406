using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace BudgetPortal.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class InitialSchema : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterDatabase()
                .Annotation("Npgsql:PostgresExtension:pg_trgm", ",,");

            migrationBuilder.CreateTable(
                name: "regions",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    name = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    level = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    parent_id = table.Column<int>(type: "integer", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_regions", x => x.id);
                    table.ForeignKey(
                        name: "fk_regions_regions_parent_id",
                        column: x => x.parent_id,
                        principalTable: "regions",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "table_sets",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    code = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    name = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    kind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    region = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: true),
                    description = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    rules_json = table.Column<string>(type: "jsonb", maxLength: 400, nullable: false),
                    source = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: true),
                    loaded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_table_sets", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "departments",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    region_id = table.Column<int>(type: "integer", nullable: false),
                    name = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    code = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_departments", x => x.id);
                    table.ForeignKey(
                        name: "fk_departments_regions_region_id",
                        column: x => x.region_id,
                        principalTable: "regions",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "table_templates",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    table_set_id = table.Column<int>(type: "integer", nullable: false),
                    ordinal = table.Column<int>(type: "integer", nullable: false),
                    number = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    code = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: true),
                    title = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    unit = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: true),
                    decimals = table.Column<int>(type: "integer", nullable: false),
                    columns_json = table.Column<string>(type: "jsonb", maxLength: 400, nullable: false),
                    row_kind = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    empty_note = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    footnotes = table.Column<List<string>>(type: "text[]", nullable: false),
                    required = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_table_templates", x => x.id);
                    table.ForeignKey(
                        name: "fk_table_templates_table_sets_table_set_id",
                        column: x => x.table_set_id,
                        principalTable: "table_sets",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "units",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    department_id = table.Column<int>(type: "integer", nullable: false),
                    code = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    name = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    kind = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_units", x => x.id);
                    table.ForeignKey(
                        name: "fk_units_departments_department_id",
                        column: x => x.department_id,
                        principalTable: "departments",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "disclosure_tables",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    version_id = table.Column<int>(type: "integer", nullable: false),
                    ordinal = table.Column<int>(type: "integer", nullable: false),
                    number = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    code = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: true),
                    title = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    unit = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: true),
                    decimals = table.Column<int>(type: "integer", nullable: false),
                    missing = table.Column<bool>(type: "boolean", nullable: false),
                    empty_note = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    footnotes = table.Column<List<string>>(type: "text[]", nullable: false),
                    fields = table.Column<string>(type: "jsonb", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_disclosure_tables", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "table_columns",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    table_id = table.Column<int>(type: "integer", nullable: false),
                    ordinal = table.Column<int>(type: "integer", nullable: false),
                    parent_ordinal = table.Column<int>(type: "integer", nullable: true),
                    title = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    key = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    type = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    role = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    leaf_index = table.Column<int>(type: "integer", nullable: true)
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

            migrationBuilder.CreateTable(
                name: "table_rows",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    table_id = table.Column<int>(type: "integer", nullable: false),
                    ordinal = table.Column<int>(type: "integer", nullable: false),
                    level = table.Column<int>(type: "integer", nullable: false),
                    role = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    code = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    name = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: true),
                    unit_code = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    project = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_table_rows", x => x.id);
                    table.ForeignKey(
                        name: "fk_table_rows_disclosure_tables_table_id",
                        column: x => x.table_id,
                        principalTable: "disclosure_tables",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

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
                name: "disclosure_versions",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    disclosure_id = table.Column<int>(type: "integer", nullable: false),
                    number = table.Column<int>(type: "integer", nullable: false),
                    status = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    approved_on = table.Column<DateOnly>(type: "date", nullable: true),
                    published_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    correction_note = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_disclosure_versions", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "disclosures",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    slug = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: false),
                    department_id = table.Column<int>(type: "integer", nullable: false),
                    year = table.Column<int>(type: "integer", nullable: false),
                    kind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    title = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    table_set_id = table.Column<int>(type: "integer", nullable: true),
                    current_version_id = table.Column<int>(type: "integer", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_disclosures", x => x.id);
                    table.ForeignKey(
                        name: "fk_disclosures_departments_department_id",
                        column: x => x.department_id,
                        principalTable: "departments",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_disclosures_table_sets_table_set_id",
                        column: x => x.table_set_id,
                        principalTable: "table_sets",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_disclosures_versions_current_version_id",
                        column: x => x.current_version_id,
                        principalTable: "disclosure_versions",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "narrative_sections",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    version_id = table.Column<int>(type: "integer", nullable: false),
                    ordinal = table.Column<int>(type: "integer", nullable: false),
                    key = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    title = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    body = table.Column<string>(type: "character varying(200000)", maxLength: 200000, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_narrative_sections", x => x.id);
                    table.ForeignKey(
                        name: "fk_narrative_sections_disclosure_versions_version_id",
                        column: x => x.version_id,
                        principalTable: "disclosure_versions",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_departments_name",
                table: "departments",
                column: "name")
                .Annotation("Npgsql:IndexMethod", "gin")
                .Annotation("Npgsql:IndexOperators", new[] { "gin_trgm_ops" });

            migrationBuilder.CreateIndex(
                name: "ix_departments_region_id_name",
                table: "departments",
                columns: new[] { "region_id", "name" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_disclosure_tables_version_id_ordinal",
                table: "disclosure_tables",
                columns: new[] { "version_id", "ordinal" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_disclosure_versions_disclosure_id_number",
                table: "disclosure_versions",
                columns: new[] { "disclosure_id", "number" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_disclosures_current_version_id",
                table: "disclosures",
                column: "current_version_id");

            migrationBuilder.CreateIndex(
                name: "ix_disclosures_department_id_year_kind",
                table: "disclosures",
                columns: new[] { "department_id", "year", "kind" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_disclosures_slug",
                table: "disclosures",
                column: "slug",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_disclosures_table_set_id",
                table: "disclosures",
                column: "table_set_id");

            migrationBuilder.CreateIndex(
                name: "ix_disclosures_title",
                table: "disclosures",
                column: "title")
                .Annotation("Npgsql:IndexMethod", "gin")
                .Annotation("Npgsql:IndexOperators", new[] { "gin_trgm_ops" });

            migrationBuilder.CreateIndex(
                name: "ix_disclosures_year_kind",
                table: "disclosures",
                columns: new[] { "year", "kind" });

            migrationBuilder.CreateIndex(
                name: "ix_narrative_sections_body",
                table: "narrative_sections",
                column: "body")
                .Annotation("Npgsql:IndexMethod", "gin")
                .Annotation("Npgsql:IndexOperators", new[] { "gin_trgm_ops" });

            migrationBuilder.CreateIndex(
                name: "ix_narrative_sections_version_id_ordinal",
                table: "narrative_sections",
                columns: new[] { "version_id", "ordinal" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_regions_parent_id_name",
                table: "regions",
                columns: new[] { "parent_id", "name" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_table_columns_table_id_ordinal",
                table: "table_columns",
                columns: new[] { "table_id", "ordinal" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_table_rows_code",
                table: "table_rows",
                column: "code");

            migrationBuilder.CreateIndex(
                name: "ix_table_rows_project",
                table: "table_rows",
                column: "project")
                .Annotation("Npgsql:IndexMethod", "gin")
                .Annotation("Npgsql:IndexOperators", new[] { "gin_trgm_ops" });

            migrationBuilder.CreateIndex(
                name: "ix_table_rows_table_id_ordinal",
                table: "table_rows",
                columns: new[] { "table_id", "ordinal" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_table_sets_code",
                table: "table_sets",
                column: "code",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_table_templates_table_set_id_ordinal",
                table: "table_templates",
                columns: new[] { "table_set_id", "ordinal" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_units_department_id",
                table: "units",
                column: "department_id");

            migrationBuilder.CreateIndex(
                name: "ix_units_name",
                table: "units",
                column: "name")
                .Annotation("Npgsql:IndexMethod", "gin")
                .Annotation("Npgsql:IndexOperators", new[] { "gin_trgm_ops" });

            migrationBuilder.AddForeignKey(
                name: "fk_disclosure_tables_disclosure_versions_version_id",
                table: "disclosure_tables",
                column: "version_id",
                principalTable: "disclosure_versions",
                principalColumn: "id",
                onDelete: ReferentialAction.Cascade);

            migrationBuilder.AddForeignKey(
                name: "fk_disclosure_versions_disclosures_disclosure_id",
                table: "disclosure_versions",
                column: "disclosure_id",
                principalTable: "disclosures",
                principalColumn: "id",
                onDelete: ReferentialAction.Cascade);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "fk_departments_regions_region_id",
                table: "departments");

            migrationBuilder.DropForeignKey(
                name: "fk_disclosures_versions_current_version_id",
                table: "disclosures");

            migrationBuilder.DropTable(
                name: "narrative_sections");

            migrationBuilder.DropTable(
                name: "table_cells");

            migrationBuilder.DropTable(
                name: "table_columns");

            migrationBuilder.DropTable(
                name: "table_templates");

            migrationBuilder.DropTable(
                name: "units");

            migrationBuilder.DropTable(
                name: "table_rows");

            migrationBuilder.DropTable(
                name: "disclosure_tables");

            migrationBuilder.DropTable(
                name: "regions");

            migrationBuilder.DropTable(
                name: "disclosure_versions");

            migrationBuilder.DropTable(
                name: "disclosures");

            migrationBuilder.DropTable(
                name: "departments");

            migrationBuilder.DropTable(
                name: "table_sets");
        }
    }
}
