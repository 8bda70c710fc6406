using BudgetPortal.Core.Documents;
using BudgetPortal.Tests.Infrastructure;

namespace BudgetPortal.Tests.Exports;

/// <summary>
/// A synthetic disclosure of a department the seeds do not have (合成水利局): a narrative part in Markdown, an
/// expenditure table, an empty table with its note, and a 绩效自评 form whose task lines make a grid.
/// </summary>
public static class FormDocuments
{
    public static DisclosureDocument WithForm() => RowIdentity.Apply(DisclosureBuilder.ForDepartment("合成水利局").ForYear(2031).AsFinalAccount()
        .WithSlug("hecheng-water-2031-final")
        .WithSection("overview", "第一部分 合成水利局概况", "### 一、主要职能\n\n负责**水资源**保护。\n\n- 第一项职责\n- 第二项职责\n\n### 二、机构设置\n\n| 单位 | 人数 |\n| --- | --- |\n| 本级 | 12 |\n")
        .WithTable(PdfExporterTests.LongTable(5).Tables[0] with { Number = "公开01表" })
        .WithTable(TableBuilder.Table("公开08表", "fund", "政府性基金预算财政拨款支出决算表")
            .WithColumn("name", "科目名称", ColumnTypes.Text, ColumnRoles.Name).WithColumn("total", "合计")
            .WithRow(RowRoles.ColumnNumbers, "栏次", 1m).WithRow(RowRoles.Total, "合计", null)
            .WithEmptyNote("本部门本年度无政府性基金预算财政拨款支出。").Build())
        .WithTable(TableBuilder.Table("附件1", "self_eval_dept", "部门整体绩效自评表（合成水利局本级）").WithoutUnit()
            .WithColumn("level1", "一级指标", ColumnTypes.Text).WithColumn("level3", "三级指标", ColumnTypes.Text, ColumnRoles.Name)
            .WithColumn("target", "指标值", ColumnTypes.Text).WithColumn("points", "分值", ColumnTypes.Number)
            .WithCells("产出指标", "河道巡查次数", "12", 20m)
            .WithField("部门（单位）名称", "079001合成水利局本级")
            .WithField("年度主要任务1：对应项目", "河道整治").WithField("年度主要任务1：项目下达金额", "12.50").WithField("年度主要任务1：项目执行率", "96%")
            .WithField("年度主要任务2：对应项目", "水质监测").WithField("年度主要任务2：项目下达金额", "3.1").WithField("年度主要任务2：项目执行率", "100%")
            .WithField("总评价得分", "95", "after").Build())
        .Document());
}
