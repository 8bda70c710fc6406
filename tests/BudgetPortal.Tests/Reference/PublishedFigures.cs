namespace BudgetPortal.Tests.Reference;

/// <summary>A table as printed: its number and its body rows (a 栏次 row counts; -1 = listed in the contents but missing).</summary>
public sealed record PrintedTable(string Number, int Rows);

/// <summary>The grand total (合计 row) of a table in one column, as printed.</summary>
public sealed record PrintedTotal(string Number, string Code, string Column, decimal Value);

/// <summary>One printed cell: the row is found by any of its text cells (code or name); null value = blank cell.</summary>
public sealed record PrintedCell(string Number, string Row, string Column, string? Value, string? Code = null);

public sealed record PrintedDocument(PrintedTable[] Tables, PrintedTotal[] Totals, PrintedCell[] Cells);

/// <summary>Figures read off the seed documents (../shared/seeds), one entry per reference disclosure.</summary>
public static partial class PublishedFigures
{
    public static IReadOnlyDictionary<string, PrintedDocument> All { get; } = new Dictionary<string, PrintedDocument>
    {
        ["shenyang-2024-final"] = Shenyang2024Final,
        ["fushun-2023-final"] = Fushun2023Final,
        ["liaoning-2023-budget"] = Liaoning2023Budget,
        ["lushi-2023-budget"] = Lushi2023Budget,
        ["anshan-2025-budget"] = Anshan2025Budget,
    };

    private static PrintedTable[] Tables(params (string Number, int Rows)[] tables) =>
        [.. tables.Select(t => new PrintedTable(t.Number, t.Rows))];

    /// <summary>003: 自评表 first, then 公开01–09表 in the Shenyang order (07 政府性基金, 08 国有资本经营, 09 三公).</summary>
    private static PrintedDocument Shenyang2024Final => new(
        Tables(("自评表1", 23), ("自评表2", 1), ("自评表3", 6), ("自评表4", 6), ("自评表5", 6), ("自评表6", 6), ("自评表7", 1),
            ("自评表8", 6), ("自评表9", 8), ("公开01表", 32), ("公开02表", 17), ("公开03表", 17), ("公开04表", 33), ("公开05表", 17),
            ("公开06表", 34), ("公开07表", 2), ("公开08表", 2), ("公开09表", 6)),
        [
            new("公开02表", "income", "total", 3707.54m),
            new("公开03表", "expenditure", "total", 3707.54m),
            new("公开03表", "expenditure", "basic", 3260.44m),
            new("公开03表", "expenditure", "project", 447.10m),
            new("公开05表", "gpb_expenditure", "total", 3707.54m),
            new("公开06表", "gpb_basic", "personnel", 2895.97m),
            new("公开06表", "gpb_basic", "public_funds3", 364.47m),
            new("公开09表", "three_public", "budget", 6.00m),
            new("公开09表", "three_public", "final", 0.70m),
        ],
        [
            new("公开01表", "本年收入合计", "amount", "3707.54"),
            new("公开05表", "2101501", "total", "2414.06"),
            new("公开05表", "2080501", "total", "82.19"),
            new("公开05表", "2210203", "basic", "128.09"),
            new("公开06表", "30101", "personnel", "647.39"),
            new("公开06表", "30201", "public_funds", "6.66"),
            new("公开09表", "其中:（1）公务用车运行维护费", "final", "0.70"),
            new("公开09表", "2、公务接待费", "final", null),
        ]);

    /// <summary>001: 公开01–09表 (07 三公, 08 政府性基金, 09 国有资本经营), then the 绩效自评表 attachments 附件1–20.</summary>
    private static PrintedDocument Fushun2023Final => new(
        Tables(("公开01表", 32), ("公开02表", 26), ("公开03表", 26), ("公开04表", 33), ("公开05表", 26), ("公开06表", 33), ("公开07表", 6),
            ("公开08表", 2), ("公开09表", 2), ("附件1", 21), ("附件2", 6), ("附件3", 6), ("附件4", 6), ("附件5", 6), ("附件6", 6),
            ("附件7", 6), ("附件8", 6), ("附件9", 6), ("附件10", 6), ("附件11", 21), ("附件12", 7), ("附件13", 6), ("附件14", 6),
            ("附件15", 6), ("附件16", 10), ("附件17", 10), ("附件18", 12), ("附件19", 11), ("附件20", 6)),
        [
            new("公开02表", "income", "total", 6309.22m),
            new("公开03表", "expenditure", "total", 6309.22m),
            new("公开03表", "expenditure", "basic", 1223.72m),
            new("公开03表", "expenditure", "project", 5085.49m),
            new("公开05表", "gpb_expenditure", "total", 6309.22m),
            new("公开06表", "gpb_basic", "personnel", 1106.36m),
            new("公开06表", "gpb_basic", "public_funds3", 117.36m),
        ],
        [
            new("公开01表", "本年收入合计", "amount", "6309.22"),
            new("公开02表", "2080505", "total", "113.74"),
            new("公开03表", "2101501", "basic", "301.29"),
            new("公开05表", "2080505", "project", "0.00"),
            new("公开06表", "30101", "personnel", "353.32"),
            new("公开06表", "30201", "public_funds", "16.04"),
        ]);

    /// <summary>000: 表1–表18, with two 整体绩效目标表 (表16, one per unit) and three 项目绩效目标表 (表17).</summary>
    private static PrintedDocument Liaoning2023Budget => new(
        Tables(("表1", 13), ("表2", 3), ("表3", 22), ("表4", 10), ("表5", 22), ("表6", 37), ("表7", 1), ("表8", 1), ("表9", 7), ("表10", 22),
            ("表11", 23), ("表12", 40), ("表13", 1), ("表14", 1), ("表15", 1), ("表16", 21), ("表16", 21), ("表17", 22), ("表17", 17),
            ("表17", 11), ("表18", 4)),
        [
            new("表2", "income", "total", 12884.35m),
            new("表2", "income", "current_income", 12859.04m),
            new("表3", "expenditure", "total", 12884.35m),
            new("表3", "expenditure", "basic", 2127.04m),
            new("表3", "expenditure", "project", 10757.31m),
            new("表5", "gpb_expenditure", "total", 12859.04m),
            new("表5", "gpb_expenditure", "project", 10732.00m),
            new("表6", "gpb_basic", "total", 2127.04m),
            new("表6", "gpb_basic", "public_funds", 331.37m),
            new("表9", "projects", "total", 10757.31m),
            new("表10", "functional", "total", 12884.35m),
            new("表10", "functional", "carryover", 25.31m),
        ],
        [
            new("表1", "本年收入合计", "amount", "12859.04"),
            new("表1", "上年结转结余", "amount", "25.31"),
            new("表3", "2101501", "personnel", "550.41"),
            new("表3", "2101501", "public_funds", "145.40"),
            new("表3", "2210201", "project", null),
            new("表6", "30101", "personnel", "495.88"),
            new("表10", "2101501", "gpb", "695.81"),
        ]);

    /// <summary>002: the Henan county layout, 表1–表10, 预算11表 (整体绩效目标) and 表12 (项目绩效目标汇总).</summary>
    private static PrintedDocument Lushi2023Budget => new(
        Tables(("表1", 33), ("表2", 4), ("表3", 10), ("表4", 33), ("表5", 10), ("表6", 40), ("表7", 43), ("表8", 1), ("表9", 1), ("表10", 8),
            ("预算11表", 25), ("表12", 45)),
        [
            new("表2", "income", "total", 780.84m),
            new("表3", "expenditure", "total", 780.84m),
            new("表3", "expenditure", "basic", 559.37m),
            new("表3", "expenditure", "project", 221.47m),
            new("表6", "gpb_basic", "total", 559.37m),
            new("表6", "gpb_basic", "personnel", 542.48m),
            new("表6", "gpb_basic", "public_funds", 16.89m),
            new("表7", "econ_dept", "total", 780.84m),
            new("表10", "projects", "total", 221.47m),
        ],
        [
            new("表2", "517001", "total", "99.26"),
            new("表2", "517002", "total", "681.57"),
            new("表3", "行政运行", "total", "63.76"),
            new("表3", "行政运行", "wages", "46.11"),
            new("表3", "行政运行", "goods_services", "7.65"),
            new("表3", "行政运行", "family_subsidy", null),
            new("表3", "事业运行", "basic", "365.78"),
            new("表6", "30101", "personnel", "27.28"),
        ]);

    /// <summary>004: the 19 tables its contents list, in that order; 表2 and 表10–表15 are missing from the body.</summary>
    private static PrintedDocument Anshan2025Budget => new(
        Tables(("表1", 13), ("表2", -1), ("表3", 23), ("表4", 10), ("表5", 23), ("表6", 30), ("表7", 1), ("表8", 1), ("表9", 0), ("表9", 8),
            ("表10", -1), ("表11", -1), ("表12", -1), ("表13", -1), ("表14", -1), ("表15", -1), ("表16", 24), ("表16", 22), ("表17", 9),
            ("表17", 9), ("表17", 3), ("表17", 8), ("表17", 10), ("表18", 1)),
        [
            new("表3", "expenditure", "total", 2220.40m),
            new("表3", "expenditure", "basic", 2009.29m),
            new("表3", "expenditure", "project", 211.11m),
            new("表5", "gpb_expenditure", "total", 2220.40m),
            new("表6", "gpb_basic", "total", 2009.29m),
            new("表6", "gpb_basic", "personnel", 1891.23m),
            new("表6", "gpb_basic", "public_funds", 118.06m),
            new("表9", "projects", "total", 211.11m),
        ],
        [
            new("表1", "本年收入合计", "amount", "2220.40"),
            new("表3", "2101501", "total", "420.37"),
            new("表3", "2101501", "project", "115.11"),
            new("表5", "2210201", "basic", "151.85"),
            new("表6", "30101", "total", "708.37"),
        ]);
}
