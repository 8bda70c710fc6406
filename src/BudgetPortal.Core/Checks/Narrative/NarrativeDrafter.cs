using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using BudgetPortal.Core.Documents;

namespace BudgetPortal.Core.Checks.Narrative;

/// <summary>
/// Drafts the 情况说明 of a disclosure from its entered figures, section by section in the order and wording of the
/// national templates (收支总体情况, 收入, 支出, 财政拨款收支, 一般公共预算支出 by 类 and 项, 基本支出 with 人员经费 and
/// 公用经费, "三公"经费, 机关运行经费, 政府采购, 国有资产, 绩效), for a budget or a final account. Tables are found by their
/// role code and columns by their key (the table set's vocabulary), never by a department's own rows, so that any
/// department and any classes are drafted. Each amount is stated in its own table's unit and printed decimals (a 元
/// table is quoted in 元), so that what the narrative checks recompute from the text is exactly what the tables hold.
/// Where the portal cannot know what to say, the draft leaves a slot that the narrative checks flag until it is
/// filled: a reason (<see cref="ReasonSlot"/>, after every change and every difference from the budget) and the counts
/// and amounts no table holds (团组个, 累计人次, 保有量辆, 政府采购 …万元).
/// </summary>
public static partial class NarrativeDrafter
{
    /// <summary>Stands where staff must write a reason; rule <c>leftover</c> reports it until it is replaced.</summary>
    public const string ReasonSlot = "……";

    /// <summary>The section key of the 情况说明 in the exchange format.</summary>
    public const string SectionKey = "explanation";

    /// <param name="previous">The same department's disclosure of the same kind for the year before, when held: changes are stated
    /// (totals, "三公", each 类 and 项 of the 一般公共预算 by its code), each with a reason slot.</param>
    /// <param name="budget">For a final account, the same year's published budget, when held: each 类 and 项 states its
    /// completion of the 年初预算 (by code), with a reason slot where 决算数 and 年初预算数 differ.</param>
    public static NarrativeSection Draft(DisclosureDocument document, DisclosureDocument? previous = null, DisclosureDocument? budget = null)
    {
        ArgumentNullException.ThrowIfNull(document);
        var final = document.Kind == DisclosureKinds.Final;
        var title = final ? $"{document.Year}年度部门决算情况说明" : $"{document.Year}年部门预算情况说明";
        return new NarrativeSection { Key = SectionKey, Title = title, Body = new Writer(document, previous, final ? budget : null).Write() };
    }

    /// <summary>A figure of a table as printed: value in the table's unit, the unit and the decimals.</summary>
    private readonly record struct Amount(decimal Value, AmountUnit Unit, int Decimals)
    {
        public decimal InBase => Unit.ToBase(Value);

        public override string ToString() => Value.ToString("F" + Decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture) + Unit.Name;
    }

    private sealed class Writer(DisclosureDocument document, DisclosureDocument? previous, DisclosureDocument? budget)
    {
        private readonly StringBuilder _text = new();
        private readonly bool _final = document.Kind == DisclosureKinds.Final;
        private int _heading;

        private string Year => document.Year.ToString(CultureInfo.InvariantCulture);

        private string Year0 => _final ? $"{Year}年度" : $"{Year}年";

        public string Write()
        {
            Overall();
            Fiscal();
            GeneralPublicBudget();
            Basic();
            ThreePublic();
            Running();
            Procurement();
            Assets();
            Performance();
            return _text.ToString().TrimEnd();
        }

        private void Heading(string title) =>
            _text.Append("### ").Append(Ordinal(++_heading)).Append('、').Append(title).Append("\n\n");

        private void Paragraph(string text) => _text.Append(text).Append("\n\n");

        // ---------------------------------------------------------------- 收支总体情况

        private void Overall()
        {
            var summary = Table(document, "summary");
            Heading(_final ? "收入支出决算总体情况说明" : "收支预算总体情况");
            if (summary is null)
            {
                Paragraph($"{Year0}收入总计万元，支出总计万元。");
                return;
            }

            var pairs = Pairs(summary);
            var income = Total(pairs, 0, "收入总计");
            var spending = Total(pairs, 1, "支出总计");
            if (income is null && spending is null)
            {
                Paragraph($"{Year0}收入总计万元，支出总计万元。");
                return;
            }

            if (income is { } i)
            {
                var line = new StringBuilder($"（一）{Year0}收入总计{i}{Change(i, Previous(p => Table(p, "summary") is { } t ? Total(Pairs(t), 0, "收入总计") : null, "summary"))}。");
                foreach (var (label, amount) in Items(pairs, 0))
                {
                    line.Append(label).Append(amount).Append(ShareOf(amount, i, "收入总计")).Append('。');
                }

                Paragraph(line.ToString());
            }

            if (spending is { } s)
            {
                var line = new StringBuilder($"（二）{Year0}支出总计{s}{Change(s, Previous(p => Table(p, "summary") is { } t ? Total(Pairs(t), 1, "支出总计") : null, "summary"))}。");
                var expenditure = Table(document, "expenditure");
                var basic = expenditure is null ? null : TotalRow(expenditure, "basic");
                var project = expenditure is null ? null : TotalRow(expenditure, "project");
                if (basic is { } b)
                {
                    line.Append("基本支出").Append(b).Append(ShareOf(b, s, "支出总计")).Append("，主要是为保障机构正常运转、完成日常工作任务而发生的各项支出。");
                }

                if (project is { } p)
                {
                    line.Append("项目支出").Append(p).Append(ShareOf(p, s, "支出总计")).Append("，主要是为完成特定行政任务和事业发展目标而发生的支出。");
                }

                Paragraph(line.ToString());
            }
        }

        // ---------------------------------------------------------------- 财政拨款收支

        private void Fiscal()
        {
            var fiscal = Table(document, "fiscal_summary");
            if (fiscal is null)
            {
                return;
            }

            var pairs = Pairs(fiscal);
            var income = Total(pairs, 0, "收入总计");
            var spending = Total(pairs, 1, "支出总计");
            if (income is null && spending is null)
            {
                return;
            }

            Heading(_final ? "财政拨款收入支出决算总体情况说明" : "财政拨款收支预算总体情况");
            var line = new StringBuilder(Year0);
            if (income is { } i)
            {
                line.Append("财政拨款收支总计").Append(i).Append('。');
            }

            var gpb = Table(document, "gpb_expenditure") is { } g ? TotalRow(g, null) : null;
            var fund = Table(document, "gov_fund") is { } f ? TotalRow(f, "total") : null;
            var capital = Table(document, "state_capital") is { } c ? TotalRow(c, "total") : null;
            if (gpb is { } x)
            {
                line.Append("一般公共预算财政拨款安排").Append(x).Append('；');
            }

            line.Append(fund is { Value: not 0 } y ? $"政府性基金预算财政拨款安排{y}；" : "无政府性基金预算财政拨款；");
            line.Append(capital is { Value: not 0 } z ? $"国有资本经营预算财政拨款安排{z}。" : "无国有资本经营预算财政拨款。");
            Paragraph(line.ToString());
        }

        // ---------------------------------------------------------------- 一般公共预算支出

        private void GeneralPublicBudget()
        {
            var table = Table(document, "gpb_expenditure");
            if (table is null || TotalRow(table, null) is not { } total)
            {
                return;
            }

            Heading(_final ? "一般公共预算财政拨款支出决算情况说明" : "一般公共预算支出预算情况");
            var line = new StringBuilder($"{Year0}一般公共预算财政拨款支出{total}");
            line.Append(Change(total, Previous(p => Table(p, "gpb_expenditure") is { } t ? TotalRow(t, null) : null, "gpb_expenditure"))).Append('。');
            if (TotalRow(table, "basic") is { } basic && TotalRow(table, "project") is { } project)
            {
                var exact = basic.InBase + project.InBase == total.InBase;
                line.Append(exact ? "其中：" : "").Append("基本支出").Append(basic).Append(ShareOf(basic, total, "一般公共预算财政拨款支出"))
                    .Append('；').Append("项目支出").Append(project).Append(ShareOf(project, total, "一般公共预算财政拨款支出")).Append('。');
            }

            Paragraph(line.ToString());
            var column = FirstAmount(table);
            var rows = table.Rows.Where(r => r.Role is not (RowRoles.Total or RowRoles.ColumnNumbers) && r.Code is { Length: 3 or 5 or 7 } && Number(table, r, column) is not null).ToList();
            var classes = rows.Where(r => r.Code!.Length == 3 && Number(table, r, column) is not 0m).ToList();
            var n = 0;
            foreach (var cls in classes)
            {
                var amount = At(table, cls, column)!.Value;
                // "（类）"/"（项）安排": the figures are the 一般公共预算 allocation of the class, not its total of all funds.
                Paragraph($"{++n}.{Clean(cls.Name)}（类）{amount}{ShareOf(amount, total, "一般公共预算财政拨款支出")}{ByCode(cls.Code!, amount)}。");
                var m = 0;
                foreach (var item in rows.Where(r => r.Code!.Length == 7 && r.Code.StartsWith(cls.Code!, StringComparison.Ordinal) && Number(table, r, column) is not 0m))
                {
                    var section = rows.FirstOrDefault(r => r.Code == item.Code![..5]);
                    var name = $"{Clean(cls.Name)}（类）{(section is null ? "" : Clean(section.Name) + "（款）")}{Clean(item.Name)}（项）";
                    var itemAmount = At(table, item, column)!.Value;
                    Paragraph($"（{++m}）{name}{(_final ? "支出" : "安排")}{itemAmount}{ByCode(item.Code!, itemAmount)}。");
                }
            }
        }

        /// <summary>
        /// A 类 or 项 of the 一般公共预算 against the same code the year before ("，比上年增加X，增长Y%，主要原因是……") and, for a
        /// final account, against the same year's budget ("，完成年初预算的Y%，决算数与年初预算数存在差异的主要原因是……").
        /// A code the other document does not hold is not compared.
        /// </summary>
        private string ByCode(string code, Amount amount)
        {
            var text = new StringBuilder();
            if (previous is not null && CodeAmount(previous, code) is { } before)
            {
                text.Append(Change(amount, before));
            }

            if (budget is not null && Table(budget, "gpb_expenditure") is not null)
            {
                var planned = CodeAmount(budget, code);
                if (planned is not { } p || p.InBase == 0)
                {
                    text.Append("，年初未安排预算，主要原因是").Append(ReasonSlot);
                }
                else
                {
                    text.Append("，完成年初预算的").Append(Percent(amount.InBase, p.InBase)).Append('%');
                    if (amount.InBase != p.InBase)
                    {
                        text.Append("，决算数与年初预算数存在差异的主要原因是").Append(ReasonSlot);
                    }
                }
            }

            return text.ToString();
        }

        private static Amount? CodeAmount(DisclosureDocument other, string code)
        {
            var table = Table(other, "gpb_expenditure");
            var row = table?.Rows.FirstOrDefault(r => r.Role is not (RowRoles.Total or RowRoles.ColumnNumbers) && r.Code == code);
            return table is null || row is null ? null : At(table, row, FirstAmount(table));
        }

        // ---------------------------------------------------------------- 基本支出

        private void Basic()
        {
            var table = Table(document, "gpb_basic");
            if (table is null)
            {
                return;
            }

            var total = Table(document, "gpb_expenditure") is { } g ? TotalRow(g, "basic") : null;
            var personnel = TotalRow(table, "personnel");
            var publicFunds = TotalRow(table, "public_funds3") ?? TotalRow(table, "public_funds");
            if (personnel is null && publicFunds is null)
            {
                return;
            }

            Heading(_final ? "一般公共预算财政拨款基本支出决算情况说明" : "一般公共预算基本支出预算情况");
            var line = new StringBuilder();
            if (total is { } t)
            {
                line.Append(Year0).Append("一般公共预算基本支出").Append(t).Append('，');
                var exact = personnel is { } p0 && publicFunds is { } f0 && p0.InBase + f0.InBase == t.InBase;
                line.Append(exact ? "其中：" : "按经济分类，");
            }

            // 人员经费 and 公用经费 by their definitions (the table's columns hold them): named after their economic classes.
            if (personnel is { } p)
            {
                line.Append("人员经费").Append(p);
                if (total is { } t1)
                {
                    line.Append(ShareOf(p, t1, "一般公共预算基本支出"));
                }

                line.Append("，主要包括工资福利和对个人和家庭的补助（基本工资、津贴补贴、奖金、社会保障缴费、住房公积金、离退休费等）；");
            }

            if (publicFunds is { } f)
            {
                line.Append("公用经费").Append(f);
                if (total is { } t2)
                {
                    line.Append(ShareOf(f, t2, "一般公共预算基本支出"));
                }

                line.Append("，主要包括商品和服务及资本性支出（办公费、印刷费、水电费、邮电费、差旅费、维修（护）费、办公设备购置等）。");
            }

            Paragraph(line.ToString().TrimEnd('；') + (line.ToString().EndsWith('。') ? "" : "。"));
        }

        // ---------------------------------------------------------------- "三公"经费

        private void ThreePublic()
        {
            var table = Table(document, "three_public");
            Heading(_final ? "财政拨款“三公”经费支出决算情况说明" : "“三公”经费预算情况");
            var parts = table is null ? null : ThreePublicParts.Of(table, _final);
            var before = previous is null ? null : Table(previous, "three_public") is { } pt ? ThreePublicParts.Of(pt, _final) : null;
            if (parts?.Total is not { } total)
            {
                Paragraph($"{Year0}“三公”经费{(_final ? "支出" : "预算数为")}万元。");
            }
            else
            {
                var line = new StringBuilder($"{Year0}财政拨款安排的“三公”经费{(_final ? "支出" : "预算数为")}{total.Final}");
                line.Append(Completion(total)).Append(Change(total.Final, before?.Total?.Final)).Append('。');
                Paragraph(line.ToString());
                var n = 0;
                foreach (var (part, previousPart, counts) in new[]
                {
                    (parts.Abroad, before?.Abroad, $"{Year}年{(_final ? "" : "计划")}参加出国（境）团组个，累计人次。"),
                    (parts.Reception, before?.Reception, $"{Year}年{(_final ? "" : "计划")}国内公务接待累计批次，累计人次。"),
                    (parts.Vehicles, before?.Vehicles, ""),
                })
                {
                    if (part is not { } x)
                    {
                        continue;
                    }

                    var share = total.Final.Value == 0 ? "" : ShareOf(x.Final, total.Final, "“三公”经费" + (_final ? "支出" : "预算"));
                    Paragraph($"{++n}.{x.Name}{x.Final}{share}{Completion(x)}{Change(x.Final, previousPart?.Final)}。{counts}");
                }

                var vehicles = new StringBuilder();
                foreach (var (part, previousPart) in new[] { (parts.Purchase, before?.Purchase), (parts.Operation, before?.Operation) })
                {
                    if (part is { } x)
                    {
                        vehicles.Append(x.Name).Append(x.Final).Append(Completion(x)).Append(Change(x.Final, previousPart?.Final)).Append('。');
                    }
                }

                if (vehicles.Length > 0)
                {
                    Paragraph(vehicles.ToString());
                }
            }

            Paragraph(_final
                ? $"{Year}年当年购置公务用车辆，截至年末使用财政拨款开支运行维护费的公务用车保有量辆。"
                : $"{Year}年计划购置公务用车辆。");
        }

        /// <summary>完成预算的 X%, with the wording and a reason slot when 决算数 and 预算数 differ (final accounts only).</summary>
        private string Completion(ThreePublicPart part)
        {
            if (!_final || part.Budget is not { } budget)
            {
                return "";
            }

            if (budget.Value == 0)
            {
                return part.Final.Value == 0 ? "" : "，年初未安排预算，主要原因是" + ReasonSlot;
            }

            var rate = Percent(part.Final.InBase, budget.InBase);
            var word = part.Final.InBase > budget.InBase ? "大于" : part.Final.InBase < budget.InBase ? "小于" : null;
            return word is null
                ? $"，完成预算的{rate}%，决算数与预算数持平"
                : $"，完成预算的{rate}%，决算数{word}预算数的主要原因是{ReasonSlot}";
        }

        // ---------------------------------------------------------------- 机关运行经费, 政府采购, 国有资产, 绩效

        private void Running()
        {
            Heading(_final ? "机关运行经费支出情况说明" : "机关运行经费安排情况");
            var running = Table(document, "three_public") is { } t && Column(t, "running_costs") >= 0 ? ThreePublicParts.Single(t, "running_costs") : null;
            // Without a column of its own, 机关运行经费 is by definition the 公用经费 of the 行政单位 and 参公事业单位 (the
            // built-in sets' text rule compares it with the 公用经费 of 一般公共预算基本支出).
            var basic = Table(document, "gpb_basic");
            running ??= basic is null ? null : TotalRow(basic, "public_funds3") ?? TotalRow(basic, "public_funds");
            var word = _final ? "支出" : "预算为";
            Paragraph(running is { } r
                ? $"{Year0}机关运行经费{word}{r}{Change(r, Previous(p => Table(p, "three_public") is { } pt && Column(pt, "running_costs") >= 0 ? ThreePublicParts.Single(pt, "running_costs") : Table(p, "gpb_basic") is { } pb ? TotalRow(pb, "public_funds3") ?? TotalRow(pb, "public_funds") : null, "three_public"))}，指行政单位和参照公务员法管理事业单位使用一般公共预算财政拨款安排的基本支出中的公用经费。"
                : $"{Year0}机关运行经费{word}万元。");
        }

        private void Procurement()
        {
            Heading(_final ? "政府采购支出情况说明" : "政府采购预算情况");
            var table = Table(document, "procurement");
            var total = table is null ? null : TotalRow(table, "total");
            var head = _final ? $"{Year0}政府采购支出总额" : $"{Year0}政府采购预算总额";
            Paragraph(total is { } t
                ? $"{head}{t}。按采购类别分：政府采购货物万元，政府采购工程万元，政府采购服务万元。授予中小企业合同金额万元。"
                : $"{head}万元，其中：政府采购货物万元，政府采购工程万元，政府采购服务万元。授予中小企业合同金额万元。");
        }

        private void Assets()
        {
            Heading("国有资产占用情况");
            var asOf = _final ? document.Year : document.Year - 1;
            Paragraph($"截至{asOf}年12月31日，共有公务用车辆；单价100万元（含）以上设备（不含车辆）台（套）。");
        }

        private void Performance()
        {
            Heading(_final ? "预算绩效情况说明" : "预算绩效目标情况");
            if (!_final)
            {
                Paragraph($"{Year}年实行绩效目标管理的项目个，涉及资金万元。");
                return;
            }

            var forms = document.Tables.Where(t => !t.Missing && t.Code == "self_eval_project").ToList();
            if (forms.Count == 0)
            {
                Paragraph($"根据预算绩效管理要求，本部门组织对{Year0}预算项目支出开展绩效自评，共涉及预算支出项目个，涉及资金万元。");
                return;
            }

            var line = new StringBuilder($"根据预算绩效管理要求，本部门组织对{Year0}预算项目支出全面开展绩效自评，共涉及预算支出项目{forms.Count}个");
            var budgets = forms.Select(f => Field(f, l => l.Contains("预算", StringComparison.Ordinal) && l.Contains("金额", StringComparison.Ordinal))).ToList();
            if (budgets.All(b => b is not null))
            {
                line.Append("，涉及资金").Append(budgets.Sum(b => b!.Value).ToString("0.00", CultureInfo.InvariantCulture)).Append("万元");
            }

            var scores = forms.Select(f => Field(f, l => l.Contains("总得分", StringComparison.Ordinal))).ToList();
            if (scores.All(s => s is not null))
            {
                line.Append("，自评平均分").Append(Math.Round(scores.Average(s => s!.Value), 2, MidpointRounding.AwayFromZero).ToString("0.##", CultureInfo.InvariantCulture)).Append('分');
            }

            Paragraph(line.Append("。通过绩效自评发现的主要问题和改进措施：").Append(ReasonSlot).Append('。').ToString());
        }

        // ---------------------------------------------------------------- wording

        /// <summary>"，比上年增加X，增长Y%，主要原因是……" / "，与上年持平", against the previous year's figure when held.</summary>
        private static string Change(Amount current, Amount? before)
        {
            if (before is not { } b)
            {
                return "";
            }

            var difference = current.InBase - b.InBase;
            if (difference == 0)
            {
                return "，与上年持平";
            }

            var change = new Amount(Math.Round(current.Unit.FromBase(Math.Abs(difference)), current.Decimals, MidpointRounding.AwayFromZero), current.Unit, current.Decimals);
            var up = difference > 0;
            var rate = b.InBase == 0 ? "" : $"，{(up ? "增长" : "下降")}{Percent(Math.Abs(difference), b.InBase)}%";
            return $"，比上年{(up ? "增加" : "减少")}{change}{rate}，主要原因是{ReasonSlot}";
        }

        private Amount? Previous(Func<DisclosureDocument, Amount?> figure, string _) => previous is null ? null : figure(previous);

        /// <summary>"，占{base}的Y%" (none when the base is zero).</summary>
        private static string ShareOf(Amount part, Amount whole, string baseName) =>
            whole.InBase == 0 ? "" : $"，占{baseName}的{Percent(part.InBase, whole.InBase)}%";

        private static string Percent(decimal part, decimal whole) =>
            Math.Round(part / whole * 100m, 2, MidpointRounding.AwayFromZero).ToString("0.00", CultureInfo.InvariantCulture);
    }

    // -------------------------------------------------------------------- reading the tables

    private sealed record ThreePublicPart(string Name, Amount Final, Amount? Budget);

    private sealed record ThreePublicParts(ThreePublicPart? Total, ThreePublicPart? Abroad, ThreePublicPart? Reception, ThreePublicPart? Vehicles, ThreePublicPart? Purchase, ThreePublicPart? Operation)
    {
        /// <summary>Budgets: one row, a column per item (by key). Final accounts: a row per item with 预算数/决算数 columns.</summary>
        public static ThreePublicParts Of(TableDocument table, bool final)
        {
            var finalColumn = Column(table, "final");
            if (finalColumn >= 0)
            {
                var budgetColumn = Column(table, "budget");
                ThreePublicPart? Row(Func<string, bool> match, string name)
                {
                    var row = table.Rows.FirstOrDefault(r => r.Role != RowRoles.ColumnNumbers && match(CheckEngine.NormalizeName(r.Cells.FirstOrDefault().Text)));
                    if (row is null)
                    {
                        return null;
                    }

                    var printed = Clean(row.Cells[0].Text);
                    var finalAmount = At(table, row, finalColumn) ?? new Amount(0m, AmountUnit.OfTable(table), table.Decimals);
                    return new ThreePublicPart(printed is "合计" or "总计" ? name : printed, finalAmount, budgetColumn >= 0 ? At(table, row, budgetColumn) ?? new Amount(0m, AmountUnit.OfTable(table), table.Decimals) : null);
                }

                return new ThreePublicParts(
                    table.Rows.FirstOrDefault(r => r.Role == RowRoles.Total) is { } total
                        ? new ThreePublicPart("“三公”经费", At(table, total, finalColumn) ?? new Amount(0m, AmountUnit.OfTable(table), table.Decimals), budgetColumn >= 0 ? At(table, total, budgetColumn) : null)
                        : null,
                    Row(n => n.Contains("因公出国", StringComparison.Ordinal), "因公出国（境）费"),
                    Row(n => n.Contains("公务接待", StringComparison.Ordinal), "公务接待费"),
                    Row(n => n.Contains("购置及运行", StringComparison.Ordinal), "公务用车购置及运行费"),
                    Row(n => n.Contains("购置费", StringComparison.Ordinal) && !n.Contains("及运行", StringComparison.Ordinal), "公务用车购置费"),
                    Row(n => n.Contains("运行", StringComparison.Ordinal) && !n.Contains("购置", StringComparison.Ordinal), "公务用车运行费"));
            }

            ThreePublicPart? Part(string key, string name, string? alternative = null)
            {
                var amount = Single(table, key) ?? (alternative is null ? null : Single(table, alternative));
                return amount is { } a ? new ThreePublicPart(name, a, null) : null;
            }

            return new ThreePublicParts(
                Part("total", "“三公”经费"),
                Part("abroad", "因公出国（境）费"),
                Part("reception", "公务接待费"),
                Part("vehicle", "公务用车购置及运行费", "vehicle_total"),
                Part("vehicle_purchase", "公务用车购置费"),
                Part("vehicle_operation", "公务用车运行费"));
        }

        /// <summary>A figure of a one-row table by column key (blank reads as 0 where the column exists).</summary>
        public static Amount? Single(TableDocument table, string key)
        {
            var column = Column(table, key);
            var row = table.Rows.FirstOrDefault(r => r.Role == RowRoles.Total) ?? table.Rows.FirstOrDefault(r => r.Role != RowRoles.ColumnNumbers);
            return column < 0 || row is null ? null : At(table, row, column) ?? new Amount(0m, AmountUnit.OfTable(table), table.Decimals);
        }
    }

    private static TableDocument? Table(DisclosureDocument document, string code) =>
        document.Tables.FirstOrDefault(t => !t.Missing && t.Code == code);

    private static int Column(TableDocument table, string key)
    {
        var leaves = table.Leaves();
        for (var i = 0; i < leaves.Count; i++)
        {
            if (leaves[i].Key == key)
            {
                return i;
            }
        }

        return -1;
    }

    private static int FirstAmount(TableDocument table)
    {
        var leaves = table.Leaves();
        for (var i = 0; i < leaves.Count; i++)
        {
            if (leaves[i].Type == ColumnTypes.Amount)
            {
                return i;
            }
        }

        return -1;
    }

    private static decimal? Number(TableDocument table, RowDocument row, int column) =>
        column >= 0 && column < row.Cells.Count ? row.Cells[column].Number : null;

    private static Amount? At(TableDocument table, RowDocument row, int column) =>
        Number(table, row, column) is { } value ? new Amount(value, AmountUnit.OfTable(table), table.Decimals) : null;

    /// <summary>The total row's figure in the column with the key (null: the first amount column); blank reads as 0.</summary>
    private static Amount? TotalRow(TableDocument table, string? key)
    {
        var column = key is null ? FirstAmount(table) : Column(table, key);
        var total = table.Rows.FirstOrDefault(r => r.Role == RowRoles.Total);
        if (column < 0 || total is null)
        {
            return null;
        }

        return At(table, total, column) ?? new Amount(0m, AmountUnit.OfTable(table), table.Decimals);
    }

    /// <summary>The label/amount pairs of a two-sided summary table; side 0 is the income side, 1 the expenditure side.</summary>
    private static List<(int Side, string Label, Amount? Amount)> Pairs(TableDocument table)
    {
        var leaves = table.Leaves();
        var pairs = new List<(int, string, Amount?)>();
        foreach (var row in table.Rows.Where(r => r.Role != RowRoles.ColumnNumbers))
        {
            var side = -1;
            for (var i = 0; i < leaves.Count && i < row.Cells.Count; i++)
            {
                if (leaves[i].Type != ColumnTypes.Text)
                {
                    continue;
                }

                side++;
                if (row.Cells[i].Text is not { } label)
                {
                    continue;
                }

                var amount = Enumerable.Range(i + 1, Math.Max(0, Math.Min(leaves.Count, row.Cells.Count) - i - 1))
                    .TakeWhile(j => leaves[j].Type != ColumnTypes.Text)
                    .Where(j => leaves[j].Type == ColumnTypes.Amount).Select(j => (int?)j).FirstOrDefault();
                pairs.Add((Math.Min(side, 1), label, amount is { } a ? At(table, row, a) : null));
            }
        }

        return pairs;
    }

    /// <summary>收入总计/支出总计 where printed, else the side's 总计, else its 合计 row.</summary>
    private static Amount? Total(List<(int Side, string Label, Amount? Amount)> pairs, int side, string label)
    {
        var mine = pairs.Where(p => p.Side == side).ToList();
        var named = mine.Where(p => CheckEngine.NormalizeName(p.Label) == label).Select(p => p.Amount).LastOrDefault();
        if (named is not null)
        {
            return named;
        }

        var grand = mine.Where(p => CheckEngine.NormalizeName(p.Label) is "总计" or "合计" or "收入合计:" or "收入合计" or "支出合计").Select(p => p.Amount).LastOrDefault();
        return grand;
    }

    /// <summary>
    /// The top-level items of the income side with a figure: the items before 本年收入合计 printed "一、…" (their
    /// "（一）…" and "其中" sub-items left out), and the carry-overs after it.
    /// </summary>
    private static IEnumerable<(string Label, Amount Amount)> Items(List<(int Side, string Label, Amount? Amount)> pairs, int side)
    {
        foreach (var (_, label, amount) in pairs.Where(p => p.Side == side))
        {
            var name = CheckEngine.NormalizeName(label);
            if (amount is null || name.Contains("总计", StringComparison.Ordinal) || name.Contains("合计", StringComparison.Ordinal)
                || name.StartsWith("其中", StringComparison.Ordinal) || name.StartsWith('(') || name.StartsWith("本年", StringComparison.Ordinal))
            {
                continue;
            }

            var clean = Clean(label);
            if (clean.Length < 2 || clean.Contains("基本支出", StringComparison.Ordinal))
            {
                continue;
            }

            yield return (clean.EndsWith("收入", StringComparison.Ordinal) || clean.Contains('结', StringComparison.Ordinal) || clean.EndsWith("拨款", StringComparison.Ordinal) ? clean : clean + "收入", amount.Value);
        }
    }

    private static decimal? Field(TableDocument table, Func<string, bool> label)
    {
        var value = table.Fields?.FirstOrDefault(f => label(f.Label))?.Value;
        return value is not null && NarrativeReader.TryParseNumber(value.Trim(), out var number, out _, out _) ? number : null;
    }

    /// <summary>A printed label without its enumerator ("一、", "（二）", "1、", "其中：（1）") and without spaces.</summary>
    private static string Clean(string? label)
    {
        var text = (label ?? "").Trim().Replace(" ", "", StringComparison.Ordinal).Replace("　", "", StringComparison.Ordinal);
        string before;
        do
        {
            before = text;
            text = Enumerator().Replace(text, "");
        }
        while (text != before);

        return text;
    }

    private static string Ordinal(int n) => n switch
    {
        <= 10 => "零一二三四五六七八九十"[n].ToString(),
        < 20 => "十" + (n % 10 == 0 ? "" : "零一二三四五六七八九"[n % 10].ToString()),
        _ => n.ToString(CultureInfo.InvariantCulture),
    };

    [GeneratedRegex(@"^(?:其中[:：]?|[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[)）]|\d+[、.．])")]
    private static partial Regex Enumerator();
}
