using BudgetPortal.Core.Checks;
using BudgetPortal.Core.Documents;

namespace BudgetPortal.Core.TableSets;

/// <summary>Validates a table set: its tables and columns, and that every rule names tables and columns that exist.</summary>
public static class TableSetValidator
{
    private static readonly HashSet<string> RowKinds = ["fixed", "functional", "economic", "units", "projects", "indicators", "form"];
    private static readonly HashSet<string> RuleKinds = ["sum", "rows", "hierarchy", "levels", "codes", "completion", "text", "narrative", "items", "classes", "units"];
    private static readonly HashSet<string> NarrativeChecks = ["blank", "leftover", "repeat", "share", "change", "completion", "reason", "sum", "definition", "year", "name", "selfeval", "quoted"];

    public static IReadOnlyList<string> Validate(TableSetDefinition set)
    {
        var errors = new List<string>();
        if (set.Schema != TableSetDefinition.SchemaId)
        {
            errors.Add($"schema 应为“{TableSetDefinition.SchemaId}”。");
        }

        if (string.IsNullOrWhiteSpace(set.Code) || !set.Code.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-'))
        {
            errors.Add($"表套代码“{set.Code}”无效：只能由小写字母、数字和连字符组成。");
        }

        if (string.IsNullOrWhiteSpace(set.Name))
        {
            errors.Add("缺少表套名称（name）。");
        }

        if (set.Kind is not (DisclosureKinds.Budget or DisclosureKinds.Final))
        {
            errors.Add($"kind 应为 budget 或 final，而不是“{set.Kind}”。");
        }

        if (set.DepartmentLabel is { } label && (label.Length is 0 or > 20 || label.Any(c => c is ':' or '：') || string.IsNullOrWhiteSpace(label)))
        {
            errors.Add($"departmentLabel“{label}”无效：应为表格上方部门一行的名称（如“编制部门”），不超过 20 个字，不带冒号。");
        }

        if (set.Tables.Count == 0)
        {
            errors.Add("表套至少要有一张表。");
        }

        var byCode = new Dictionary<string, TableTemplateDefinition>();
        for (var i = 0; i < set.Tables.Count; i++)
        {
            var table = set.Tables[i];
            var where = $"第 {i + 1} 张表（{table.Number} {table.Title}）";
            if (!RowKinds.Contains(table.RowKind))
            {
                errors.Add($"{where}：行类型“{table.RowKind}”无效，应为 {string.Join("、", RowKinds)} 之一。");
            }

            if (table.Code is not null && table.Required && !byCode.TryAdd(table.Code, table))
            {
                errors.Add($"{where}：表代码“{table.Code}”重复。");
            }
            else if (table.Code is not null)
            {
                byCode.TryAdd(table.Code, table);
            }

            var asDocument = new TableDocument
            {
                Number = table.Number,
                Title = table.Title,
                Code = table.Code,
                Unit = table.Unit,
                Decimals = table.Decimals,
                Columns = table.Columns,
                Rows = table.FixedRows ?? [],
            };
            DisclosureValidator.ValidateTable(asDocument, i + 1, errors);
            FixedRowKeys(table, where, errors);
        }

        foreach (var rule in set.Rules)
        {
            ValidateRule(rule, byCode, errors);
        }

        var duplicateIds = set.Rules.GroupBy(r => r.Id).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        if (duplicateIds.Count > 0)
        {
            errors.Add($"规则编号重复：{string.Join("、", duplicateIds)}。");
        }

        return errors;
    }

    private static void ValidateRule(CheckRule rule, Dictionary<string, TableTemplateDefinition> tables, List<string> errors)
    {
        var where = $"规则 {rule.Id}（{rule.Description}）";
        if (string.IsNullOrWhiteSpace(rule.Id) || string.IsNullOrWhiteSpace(rule.Description))
        {
            errors.Add($"{where}：缺少编号或说明。");
        }

        if (rule.Level is not (null or "error" or "warning" or "hint"))
        {
            errors.Add($"{where}：level 应为 error、warning 或 hint。");
        }

        if (rule.Relation is not (null or "eq" or "le" or BudgetPortal.Core.Checks.CheckRule.EqualIfAdministrative))
        {
            errors.Add($"{where}：relation“{rule.Relation}”无效，应为 eq、le 或 {BudgetPortal.Core.Checks.CheckRule.EqualIfAdministrative}。");
        }

        if (!RuleKinds.Contains(rule.Kind))
        {
            errors.Add($"{where}：类型“{rule.Kind}”无效，应为 {string.Join("、", RuleKinds)} 之一。");
            return;
        }

        void Column(string? tableCode, string? key)
        {
            if (tableCode is null || !tables.TryGetValue(tableCode, out var table))
            {
                errors.Add($"{where}：表“{tableCode}”不在表套中。");
                return;
            }

            if (key is not null && ColumnNode.Leaves(table.Columns).All(l => l.Key != key))
            {
                errors.Add($"{where}：{table.Number} {table.Title}没有列“{key}”。");
            }
        }

        switch (rule.Kind)
        {
            case "sum":
                if (rule.Left is null || rule.Right is not { Count: > 0 })
                {
                    errors.Add($"{where}：sum 规则需要 left 和 right。");
                    return;
                }

                foreach (var term in rule.Right.Prepend(rule.Left))
                {
                    Column(term.Table, term.Column);
                    Selector(term, tables, where, errors);
                }

                break;
            case "classes":
                Column(rule.Table, rule.Column);
                if (rule.OtherTable is not null)
                {
                    Column(rule.OtherTable, rule.OtherColumn ?? rule.Column);
                }
                else if (rule.Left is { } total)
                {
                    Column(total.Table, total.Column);
                    Selector(total, tables, where, errors);
                }
                else
                {
                    errors.Add($"{where}：classes 规则需要 otherTable（逐类对照）或 left（合计 = 各类之和）。");
                }

                break;
            case "rows":
                Column(rule.Table, rule.Target);
                foreach (var part in rule.Parts ?? [])
                {
                    Column(rule.Table, part.TrimStart('-'));
                }

                if (rule.Parts is not { Count: > 0 })
                {
                    errors.Add($"{where}：rows 规则需要 parts。");
                }

                break;
            case "hierarchy" or "levels":
                Column(rule.Table, null);
                foreach (var column in rule.Columns ?? [])
                {
                    Column(rule.Table, column);
                }

                break;
            case "codes":
                Column(rule.Table, rule.Column);
                Column(rule.OtherTable, rule.OtherColumn ?? rule.Column);
                break;
            case "text":
                TextRule(rule, where, errors);
                if (rule.Left is { } left)
                {
                    Column(left.Table, left.Column);
                    Selector(left, tables, where, errors);
                }
                else
                {
                    Column(rule.Table, rule.Column);
                }

                break;
            case "narrative":
                if (rule.Check is null || !NarrativeChecks.Contains(rule.Check))
                {
                    errors.Add($"{where}：narrative 规则的 check 应为 {string.Join("、", NarrativeChecks)} 之一。");
                }

                if (rule.Table is not null)
                {
                    Column(rule.Table, rule.Column);
                    Column(rule.Table, rule.OtherColumn);
                }

                break;
            case "units":
                foreach (var column in rule.Columns ?? [])
                {
                    Column(rule.Table, column);
                }

                if (rule.Table is null || rule.Columns is not { Count: > 0 })
                {
                    errors.Add($"{where}：units 规则需要 table 和 columns。");
                }

                break;
            case "items":
                Column(rule.Table, rule.Column);
                foreach (var column in rule.Columns ?? [])
                {
                    Column(rule.Table, column);
                }

                if (rule.Target is null || rule.Columns is not { Count: > 0 })
                {
                    errors.Add($"{where}：items 规则需要 target 和 columns。");
                }

                break;
            case "completion":
                // OtherTable names a table of the budget's own set, so only this set's side is checked here.
                Column(rule.Table, null);
                foreach (var column in rule.Columns ?? [])
                {
                    Column(rule.Table, column);
                }

                break;
        }
    }

    /// <summary>Keys of fixed rows are unique in their table, and a keyed row prints an item to be found by.</summary>
    private static void FixedRowKeys(TableTemplateDefinition table, string where, List<string> errors)
    {
        var rows = table.FixedRows ?? [];
        foreach (var duplicate in rows.Where(r => r.Key is not null).GroupBy(r => r.Key).Where(g => g.Count() > 1))
        {
            errors.Add($"{where}：固定行的 key“{duplicate.Key}”重复。");
        }

        foreach (var row in rows.Where(r => r.Key is not null && r.Cells.All(c => string.IsNullOrWhiteSpace(c.Text))))
        {
            errors.Add($"{where}：固定行“{row.Key}”没有文字项目，无法在公开表中找到。");
        }
    }

    /// <summary>
    /// A row is addressed by exactly one of total, code, key, class, name or text; a key must be a fixed row of the
    /// table; a label printed more than once among the fixed rows needs a key or an occurrence.
    /// </summary>
    private static void Selector(CellTerm term, Dictionary<string, TableTemplateDefinition> tables, string where, List<string> errors)
    {
        var row = term.Row;
        var given = new[] { row.Total, row.Code is not null, row.Key is not null, row.Class is not null, row.Name is not null, row.Text is not null }.Count(b => b);
        if (given != 1)
        {
            errors.Add($"{where}：{term.Table} 的行应当用 total、code、key、class、name、text 中的一项指定（现有 {given} 项）。");
            return;
        }

        if (!tables.TryGetValue(term.Table, out var table))
        {
            return;
        }

        var fixedRows = table.FixedRows ?? [];
        if (row.Key is { } key && fixedRows.All(r => r.Key != key))
        {
            errors.Add($"{where}：{table.Number} {table.Title}的固定行中没有 key“{key}”。");
        }

        if (row.Class is { } classCode && (classCode.Length != 3 || !classCode.All(char.IsAsciiDigit)))
        {
            errors.Add($"{where}：class 应为 3 位类级科目编码，而不是“{classCode}”。");
        }

        if ((row.Name ?? row.Text) is { } label && row.Occurrence == 0)
        {
            var wanted = CheckEngine.NormalizeName(label);
            var printed = fixedRows.Count(r => r.Cells.Any(c => c.Text is not null && CheckEngine.NormalizeName(c.Text) == wanted));
            if (printed > 1)
            {
                errors.Add($"{where}：“{label}”在{table.Number} {table.Title}的固定行中出现 {printed} 次，请改用 key 或写明 occurrence。");
            }
        }
    }

    private static void TextRule(CheckRule rule, string where, List<string> errors)
    {
        try
        {
            var regex = new System.Text.RegularExpressions.Regex(rule.Pattern ?? "", System.Text.RegularExpressions.RegexOptions.None, TimeSpan.FromSeconds(1));
            if (!regex.GetGroupNames().Contains("amount"))
            {
                errors.Add($"{where}：text 规则的 pattern 需要命名分组 amount。");
            }

            if (rule.Left is null && !regex.GetGroupNames().Contains("name"))
            {
                errors.Add($"{where}：text 规则要么给出 left，要么在 pattern 中用命名分组 name 指定科目。");
            }
        }
        catch (ArgumentException e)
        {
            errors.Add($"{where}：pattern 不是有效的正则表达式（{e.Message}）。");
        }
    }
}
