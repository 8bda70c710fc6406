using BudgetPortal.Core.Documents;
using BudgetPortal.Web.Data.Entities;

namespace BudgetPortal.Web.Data;

/// <summary>Converts between the exchange document and the stored rows; the two directions are exact inverses.</summary>
public static class DisclosureMapper
{
    public static DisclosureKind ParseKind(string kind) => kind == DisclosureKinds.Final ? DisclosureKind.Final : DisclosureKind.Budget;

    public static string KindCode(DisclosureKind kind) => kind == DisclosureKind.Final ? DisclosureKinds.Final : DisclosureKinds.Budget;

    public static void FillVersion(DisclosureVersion version, DisclosureDocument document)
    {
        var withIdentity = RowIdentity.Apply(document);
        version.Sections = withIdentity.Sections
            .Select((s, i) => new NarrativeSectionEntity { Ordinal = i + 1, Key = s.Key, Title = s.Title, Body = s.Body })
            .ToList();
        version.Tables = ToEntities(withIdentity.Tables);
    }

    /// <summary>The stored tables of a version, numbered in order: a document's tables, or a table set's blank ones.</summary>
    public static List<DisclosureTable> ToEntities(IEnumerable<TableDocument> tables) =>
        tables.Select((t, i) => ToEntity(t, i + 1)).ToList();

    public static DisclosureTable ToEntity(TableDocument table, int ordinal)
    {
        var entity = new DisclosureTable
        {
            Ordinal = ordinal,
            Number = table.Number,
            Code = table.Code,
            Title = table.Title,
            Unit = table.Unit,
            Decimals = table.Decimals,
            Missing = table.Missing,
            EmptyNote = table.EmptyNote,
            Footnotes = table.Footnotes?.ToList() ?? [],
            Fields = table.Fields?.Select(f => new TableField { Label = f.Label, Value = f.Value, After = f.Position == "after" }).ToList() ?? [],
        };

        var ordinalCounter = 0;
        var leafCounter = 0;
        AddColumns(table.Columns, null);

        entity.Rows = table.Rows.Select((r, i) => new TableRow
        {
            Ordinal = i + 1,
            Level = r.Level,
            Role = r.Role,
            Code = r.Code,
            Name = r.Name,
            UnitCode = r.UnitCode,
            Project = r.Project,
            Cells = r.Cells
                .Select((c, ci) => (c, ci))
                .Where(x => !x.c.IsBlank)
                .Select(x => new TableCell { ColumnIndex = x.ci, Amount = x.c.Number, Text = x.c.Text })
                .ToList(),
        }).ToList();
        return entity;

        void AddColumns(IEnumerable<ColumnNode> nodes, int? parent)
        {
            foreach (var node in nodes)
            {
                var column = new TableColumn
                {
                    Ordinal = ++ordinalCounter,
                    ParentOrdinal = parent,
                    Title = node.Title,
                    Key = node.IsLeaf ? node.Key : null,
                    Type = node.IsLeaf ? node.Type : null,
                    Role = node.IsLeaf ? node.Role : null,
                    LeafIndex = node.IsLeaf ? leafCounter++ : null,
                    PriorYearOf = node.IsLeaf ? node.PriorYearOf : null,
                };
                entity.Columns.Add(column);
                if (!node.IsLeaf)
                {
                    AddColumns(node.Children!, column.Ordinal);
                }
            }
        }
    }

    public static TableDocument ToDocument(DisclosureTable table)
    {
        var byParent = table.Columns.OrderBy(c => c.Ordinal).ToLookup(c => c.ParentOrdinal);
        var leafCount = table.Columns.Count(c => c.LeafIndex is not null);

        List<ColumnNode> Build(int? parent) => byParent[parent].Select(c =>
        {
            var children = Build(c.Ordinal);
            return new ColumnNode
            {
                Key = c.Key,
                Title = c.Title,
                Type = c.Type,
                Role = c.Role,
                PriorYearOf = c.PriorYearOf,
                Children = children.Count == 0 ? null : children,
            };
        }).ToList();

        return new TableDocument
        {
            Number = table.Number,
            Code = table.Code,
            Title = table.Title,
            Unit = table.Unit,
            Decimals = table.Decimals,
            Missing = table.Missing,
            EmptyNote = table.EmptyNote,
            Footnotes = table.Footnotes.Count == 0 ? null : table.Footnotes,
            Fields = table.Fields.Count == 0
                ? null
                : table.Fields.Select(f => new FieldLine { Label = f.Label, Value = f.Value, Position = f.After ? "after" : null }).ToList(),
            Columns = Build(null),
            Rows = table.Rows.OrderBy(r => r.Ordinal).Select(r =>
            {
                var cells = Enumerable.Repeat(CellValue.Blank, leafCount).ToList();
                foreach (var cell in r.Cells)
                {
                    if (cell.ColumnIndex < leafCount)
                    {
                        cells[cell.ColumnIndex] = cell.Amount is { } amount ? CellValue.Of(amount) : CellValue.Of(cell.Text);
                    }
                }

                return new RowDocument
                {
                    Level = r.Level,
                    Role = r.Role,
                    Code = r.Code,
                    Name = r.Name,
                    UnitCode = r.UnitCode,
                    Project = r.Project,
                    Cells = cells,
                };
            }).ToList(),
        };
    }
}
