using BudgetPortal.Core.Documents;

namespace BudgetPortal.Tests.Exports;

/// <summary>
/// A synthetic disclosure of a department the seeds do not have (合成水利局): a narrative part in Markdown, an
/// expenditure table, an empty table with its note, and a 绩效自评 form whose task lines make a grid.
/// </summary>
public static class FormDocuments
{
    public static DisclosureDocument WithForm() => RowIdentity.Apply(PdfExporterTests.LongTable(5) with
    {
        Slug = "hecheng-water-2031-final",
        Title = "合成水利局2031年度部门决算",
        Department = new DepartmentInfo { Name = "合成水利局" },
        Year = 2031,
        Kind = "final",
        Sections =
        [
            new NarrativeSection
            {
                Key = "overview",
                Title = "第一部分 合成水利局概况",
                Body = "### 一、主要职能\n\n负责**水资源**保护。\n\n- 第一项职责\n- 第二项职责\n\n### 二、机构设置\n\n| 单位 | 人数 |\n| --- | --- |\n| 本级 | 12 |\n",
            },
        ],
        Tables =
        [
            PdfExporterTests.LongTable(5).Tables[0] with { Number = "公开01表" },
            new TableDocument
            {
                Number = "公开08表",
                Code = "fund",
                Title = "政府性基金预算财政拨款支出决算表",
                Unit = "万元",
                Columns =
                [
                    new ColumnNode { Key = "name", Title = "科目名称", Type = ColumnTypes.Text, Role = ColumnRoles.Name },
                    new ColumnNode { Key = "total", Title = "合计", Type = ColumnTypes.Amount },
                ],
                Rows =
                [
                    new RowDocument { Role = RowRoles.ColumnNumbers, Cells = [CellValue.Of("栏次"), CellValue.Of(1m)] },
                    new RowDocument { Role = RowRoles.Total, Cells = [CellValue.Of("合计"), CellValue.Blank] },
                ],
                EmptyNote = "本部门本年度无政府性基金预算财政拨款支出。",
            },
            new TableDocument
            {
                Number = "附件1",
                Code = "self_eval_dept",
                Title = "部门整体绩效自评表（合成水利局本级）",
                Columns =
                [
                    new ColumnNode { Key = "level1", Title = "一级指标", Type = ColumnTypes.Text },
                    new ColumnNode { Key = "level3", Title = "三级指标", Type = ColumnTypes.Text, Role = ColumnRoles.Name },
                    new ColumnNode { Key = "target", Title = "指标值", Type = ColumnTypes.Text },
                    new ColumnNode { Key = "points", Title = "分值", Type = ColumnTypes.Number },
                ],
                Rows = [new RowDocument { Cells = [CellValue.Of("产出指标"), CellValue.Of("河道巡查次数"), CellValue.Of("12"), CellValue.Of(20m)] }],
                Fields =
                [
                    new FieldLine { Label = "部门（单位）名称", Value = "079001合成水利局本级" },
                    new FieldLine { Label = "年度主要任务1：对应项目", Value = "河道整治" },
                    new FieldLine { Label = "年度主要任务1：项目下达金额", Value = "12.50" },
                    new FieldLine { Label = "年度主要任务1：项目执行率", Value = "96%" },
                    new FieldLine { Label = "年度主要任务2：对应项目", Value = "水质监测" },
                    new FieldLine { Label = "年度主要任务2：项目下达金额", Value = "3.1" },
                    new FieldLine { Label = "年度主要任务2：项目执行率", Value = "100%" },
                    new FieldLine { Label = "总评价得分", Value = "95", Position = "after" },
                ],
            },
        ],
    });
}
