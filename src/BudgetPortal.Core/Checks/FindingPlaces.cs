using BudgetPortal.Core.Documents;

namespace BudgetPortal.Core.Checks;

/// <summary>
/// Where in the document a finding is: the table (1-based position), its row (1-based) and leaf column (0-based), or
/// the narrative section (1-based) and the sentence the finding quotes. Any part the finding does not name is null.
/// </summary>
public sealed record FindingPlace(int? Table, int? Row, int? Column, int? Section, string? Sentence)
{
    public static readonly FindingPlace Nowhere = new(null, null, null, null, null);
}

/// <summary>
/// Finds a finding's place again from what it prints (the table's "number title", the row's "code name" or printed
/// item, the column's title, the section's title and the quoted sentence), so that a report can link to it and the
/// staff grid can highlight it. A name that matches nothing leaves that part null: the link then stops at the table.
/// </summary>
public static class FindingPlaces
{
    public static FindingPlace Locate(DisclosureDocument document, Finding finding)
    {
        if (finding.Table is not { Length: > 0 } label)
        {
            return FindingPlace.Nowhere;
        }

        var tableIndex = FindTable(document.Tables, label);
        if (tableIndex >= 0)
        {
            var table = document.Tables[tableIndex];
            var row = finding.Row is { Length: > 0 } rowLabel ? FindRow(table, rowLabel) : -1;
            var column = finding.Column is { Length: > 0 } columnTitle ? FindColumn(table, columnTitle) : -1;
            return new FindingPlace(tableIndex + 1, row < 0 ? null : row + 1, column < 0 ? null : column, null, null);
        }

        var sectionIndex = document.Sections.FindIndex(s => s.Title == label);
        if (sectionIndex < 0)
        {
            return FindingPlace.Nowhere;
        }

        var sentence = finding.Row?.Trim('…', ' ');
        return new FindingPlace(null, null, null, sectionIndex + 1,
            sentence is { Length: > 0 } && document.Sections[sectionIndex].Body.Contains(sentence, StringComparison.Ordinal) ? sentence : null);
    }

    private static int FindTable(List<TableDocument> tables, string label)
    {
        var exact = tables.FindIndex(t => $"{t.Number} {t.Title}" == label);
        return exact >= 0 ? exact : tables.FindIndex(t => t.Number.Length > 0 && (label == t.Number || label.StartsWith(t.Number + " ", StringComparison.Ordinal)));
    }

    private static int FindRow(TableDocument table, string label)
    {
        static string Printed(RowDocument row) =>
            string.Join(" ", new[] { row.Code, row.Name ?? row.Cells.FirstOrDefault(c => c.Text is not null).Text }.Where(s => !string.IsNullOrEmpty(s)));

        var rows = table.Rows;
        var index = rows.FindIndex(r => Printed(r) == label);
        if (index < 0)
        {
            index = rows.FindIndex(r => r.Name == label || r.Cells.Any(c => c.Text is { } text && text.Trim() == label));
        }

        if (index < 0 && label.Split(' ')[0] is { Length: >= 3 } code && code.All(char.IsAsciiDigit))
        {
            index = rows.FindIndex(r => r.Code == code);
        }

        return index;
    }

    private static int FindColumn(TableDocument table, string title) =>
        table.Leaves().Select((leaf, i) => (leaf.Title, Index: i)).FirstOrDefault(l => l.Title == title, (Title: title, Index: -1)).Index;
}

/// <summary>Plain-language Chinese titles of findings, by the kind of rule that made them (the rule id stays beside it).</summary>
public static class FindingTitles
{
    private static readonly Dictionary<string, string> ByKind = new(StringComparer.Ordinal)
    {
        ["sum"] = "应相等的两处数字不一致",
        ["classes"] = "按功能分类（类）的数字与相关表不一致",
        ["rows"] = "一行的合计不等于其各项之和",
        ["hierarchy"] = "上级科目不等于下级科目之和",
        ["levels"] = "上级行不等于其下各行之和",
        ["codes"] = "同一科目在两张表中的数字不一致",
        ["text"] = "文字说明引用的数字与表格不一致",
        ["completion"] = "决算数与年初预算对比",
        ["items"] = "列出的各项之和与合计不一致",
        ["narrative:blank"] = "文字说明中应填的数字没有填",
        ["narrative:leftover"] = "文字说明留有模板文字或占位符",
        ["narrative:repeat"] = "文字说明中有重复的文字",
        ["narrative:share"] = "占比百分比与数字不符",
        ["narrative:change"] = "增减金额或增减幅度与数字不符",
        ["narrative:completion"] = "完成预算的比例与数字不符",
        ["narrative:reason"] = "增减的表述或原因说明有问题",
        ["narrative:sum"] = "文字说明中的合计不等于所列各项之和",
        ["narrative:definition"] = "人员经费、公用经费的口径与定义不符",
        ["narrative:year"] = "比较年份或截至年份有误",
        ["narrative:name"] = "部门名称的写法不一致",
        ["narrative:selfeval"] = "绩效自评与项目支出不符",
        ["narrative:quoted"] = "文字说明引用的数字与表格不一致",
        ["units"] = "部门汇总与所属单位公开的数字不一致",
    };

    /// <summary>The title of a finding of the given rule id under the table set's rules (ids with <c>{code}</c> match by their prefix).</summary>
    public static string For(string ruleId, IReadOnlyList<CheckRule> rules)
    {
        switch (ruleId)
        {
            case "C1": return "缺少应公开的表格";
            case "C2": return "空表没有注明";
            case "N1": return "科目名称与编码表不一致";
            case "N2": return "科目编码不在编码表中";
        }

        // A set's own rule first: a region may name a rule X1 of its own.
        var rule = rules.FirstOrDefault(r => r.Id == ruleId)
            ?? rules.FirstOrDefault(r => r.Id.IndexOf("{code}", StringComparison.Ordinal) is var at and > 0 && ruleId.StartsWith(r.Id[..at], StringComparison.Ordinal));
        if (rule is null)
        {
            return ruleId switch
            {
                "X1-previous" => "与上年公开的数字不一致",
                "X2-budget" => "与本年公开的年初预算不一致",
                _ when ruleId.StartsWith("X1", StringComparison.Ordinal) => "与上年公开的数字不一致",
                _ when ruleId.StartsWith("X2", StringComparison.Ordinal) => "与本年公开的年初预算不一致",
                _ => "其他检查",
            };
        }

        var key = rule.Kind == "narrative" ? $"narrative:{rule.Check}" : rule.Kind;
        return ByKind.GetValueOrDefault(key) ?? "其他检查";
    }
}
