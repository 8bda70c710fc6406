using System.Globalization;
using System.Text.RegularExpressions;
using BudgetPortal.Core.Documents;

namespace BudgetPortal.Core.Checks.Narrative;

/// <summary>
/// The <c>narrative</c> rules: what the narrative says checked against itself, its own arithmetic and the tables, on
/// the figures the <see cref="NarrativeReader"/> found. A sentence the reader did not understand yields nothing here:
/// each check needs all of its figures and skips silently otherwise, so that right text never raises an alarm.
/// Percentages are accepted when printed rounded or truncated to their own precision, from any value the rounded
/// figures they come from allow (a rate that only rounding of its inputs explains is 尾差).
/// </summary>
public static partial class NarrativeChecks
{
    private static readonly string[] DefaultPhrases =
    [
        "待填写", "待补充", "（增长）", "（下降）", "（减少）", "（增加）", "(增长)", "(减少)", "增加持平", "减少持平",
        "请注意", "请填写", "已注明", "创新做法等", "0车0辆",
    ];

    private static readonly Dictionary<string, List<string>> DefaultDefinitions = new()
    {
        ["人员经费"] = ["工资福利支出", "对个人和家庭的补助"],
        ["公用经费"] = ["商品和服务支出", "资本性支出"],
    };

    public static void Run(DisclosureDocument document, NarrativeReading reading, CheckRule rule, List<Finding> findings)
    {
        var context = new Context(document, reading, rule, findings);
        switch (rule.Check)
        {
            case "blank":
                context.Blanks();
                break;
            case "leftover":
                context.Leftovers();
                break;
            case "repeat":
                context.Repeats();
                break;
            case "share":
                context.Shares();
                break;
            case "change":
                context.Changes();
                break;
            case "completion":
                context.Completions();
                break;
            case "reason":
                context.Reasons();
                break;
            case "sum":
                context.Sums();
                break;
            case "definition":
                context.Definitions();
                break;
            case "year":
                context.Years();
                break;
            case "name":
                context.Names();
                break;
            case "selfeval":
                context.SelfEvaluations();
                break;
            case "quoted":
                context.Quoted();
                break;
            default:
                findings.Add(Comparison.Note(rule, Severity.Warning, $"规则无法执行：未知的文字检查“{rule.Check}”。"));
                break;
        }
    }

    /// <summary>
    /// Whether a printed percentage follows from an exact value: Pass when the value printed rounded or truncated to the
    /// printed precision gives it, Rounding when only the rounding of the figures it comes from (min…max) explains it.
    /// </summary>
    public static Severity RateVerdict(decimal printed, int decimals, decimal exact, decimal min, decimal max)
    {
        var half = 0.5m * AmountUnit.PowerOfTen(-decimals);
        var low = printed - half;
        var high = printed + 2 * half;
        if (exact >= low && exact < high)
        {
            return Severity.Pass;
        }

        return max >= low && min < high ? Severity.Rounding : Severity.Error;
    }

    /// <summary>The column key of an adjusted (全年) budget beside the 年初预算 in a final account's table (docs/table-set-format.md).</summary>
    public const string AdjustedBudgetColumn = "adjusted_budget";

    private static string Normalize(string text) => CheckEngine.NormalizeName(text).Replace("的", "", StringComparison.Ordinal);

    private static string Money(decimal value) => value.ToString("0.00##", CultureInfo.InvariantCulture);

    private sealed class Context(DisclosureDocument document, NarrativeReading reading, CheckRule rule, List<Finding> findings)
    {
        private Severity Failure(Severity fallback) => rule.Level switch
        {
            "error" => Severity.Error,
            "warning" => Severity.Warning,
            "hint" => Severity.Hint,
            _ => fallback,
        };

        /// <summary>The one verdict of every check (<see cref="Comparison.Judge"/>), a failure at the rule's own level.</summary>
        private Severity Verdict(decimal difference, decimal tolerance, string? relation = null) =>
            Comparison.Judge(difference, tolerance, relation) is var severity && severity == Severity.Error ? Failure(Severity.Error) : severity;

        private void Add(NarrativeParagraph paragraph, string snippet, Severity severity, string? message,
            decimal? expected = null, decimal? actual = null, decimal? tolerance = null, string? column = null) => findings.Add(new Finding
            {
                Rule = rule.Id,
                Description = rule.Description,
                Severity = severity,
                Table = paragraph.SectionTitle,
                Row = snippet,
                Column = column ?? (paragraph.Heading.Length > 0 ? paragraph.Heading : null),
                Expected = expected,
                Actual = actual,
                Difference = expected is { } e && actual is { } a ? a - e : null,
                Tolerance = tolerance,
                Message = severity == Severity.Pass ? null : message,
            });

        public void Blanks()
        {
            foreach (var blank in reading.Figures.Where(f => f.IsBlank))
            {
                var what = blank.IsMoney ? "金额" : blank.Unit == "%" ? "百分比" : "数字";
                Add(blank.Paragraph, blank.Snippet, Failure(Severity.Error), $"“{Tail(blank.Item)}”之后应填{what}（{blank.Unit}），但没有填写。");
            }
        }

        public void Leftovers()
        {
            var phrases = rule.Phrases ?? [.. DefaultPhrases];
            foreach (var (paragraph, text) in Lines())
            {
                foreach (var phrase in phrases)
                {
                    for (var at = text.IndexOf(phrase, StringComparison.Ordinal); at >= 0; at = text.IndexOf(phrase, at + phrase.Length, StringComparison.Ordinal))
                    {
                        Add(paragraph, Around(text, at, phrase.Length), Failure(Severity.Warning), $"模板文字“{phrase}”没有替换或删除。");
                    }
                }

                foreach (Match match in Placeholder().Matches(text))
                {
                    Add(paragraph, Around(text, match.Index, match.Length), Failure(Severity.Warning), $"占位符“{match.Value}”没有替换为实际内容。");
                }

                // The drafter's reason slot ("主要原因是……"): whatever the rule's phrases, it is reported until written.
                foreach (Match match in EmptySlot().Matches(text))
                {
                    Add(paragraph, Around(text, match.Index, match.Length), Failure(Severity.Warning), "“……”处应填写具体内容（如增减或差异的原因）。", column: "待填写");
                }
            }
        }

        public void Repeats()
        {
            foreach (var (paragraph, text) in Lines())
            {
                foreach (Match match in RepeatedPhrase().Matches(text))
                {
                    var phrase = match.Groups["p"].Value;
                    Add(paragraph, Around(text, match.Index, match.Length), Failure(Severity.Warning), $"“{phrase}”连续重复出现。");
                }
            }
        }

        public void Shares()
        {
            foreach (var share in reading.Figures.Where(f => f.Role == FigureRole.Share && !f.IsBlank))
            {
                var part = Previous(share, f => f.Role == FigureRole.Amount && f.IsMoney, sameSentence: true);
                if (part is null || part.IsBlank)
                {
                    continue;
                }

                var bases = share.Base is { Length: > 0 } name
                    ? Named(name).Where(b => b != part).ToList()
                    : [.. reading.In(share.Paragraph).Where(f => f.Role == FigureRole.Amount && f.IsMoney && !f.IsBlank && f.Start < part.Start).Take(1)];
                if (bases.Count == 0)
                {
                    continue;
                }

                var verdicts = bases.Where(b => b.InTenThousand != 0).Select(b => Ratio(share, part, b)).ToList();
                if (verdicts.Count == 0)
                {
                    continue;
                }

                var best = verdicts.MinBy(v => v.Severity);
                Add(share.Paragraph, share.Snippet, best.Severity == Severity.Error ? Failure(Severity.Error) : best.Severity,
                    $"{Tail(part.Item)} {part.Written}{part.Unit} 占 {Tail(best.Base.Item)} {best.Base.Written}{best.Base.Unit} 的 {best.Exact:0.00}%，文字为 {share.Written}%。",
                    Math.Round(best.Exact, share.Decimals), share.Value, tolerance: null, column: "占比");
            }
        }

        private static (Severity Severity, decimal Exact, NarrativeFigure Base) Ratio(NarrativeFigure printed, NarrativeFigure part, NarrativeFigure whole)
        {
            var p = part.InTenThousand!.Value;
            var w = whole.InTenThousand!.Value;
            var exact = p / w * 100m;
            var corners = new[] { (p - part.HalfUnit) / (w + whole.HalfUnit), (p + part.HalfUnit) / (w - whole.HalfUnit) }.Select(x => x * 100m).ToList();
            return (RateVerdict(printed.Value!.Value, printed.Decimals, exact, corners.Min(), corners.Max()), exact, whole);
        }

        public void Changes()
        {
            foreach (var rate in reading.Figures.Where(f => f.Role == FigureRole.ChangeRate && !f.IsBlank))
            {
                var change = Previous(rate, f => f.Role == FigureRole.Change && f.IsMoney && !f.IsBlank, sameSentence: true);
                if (change is null)
                {
                    BetweenTwoFigures(rate);
                    continue;
                }

                if (change.Value == 0)
                {
                    continue;
                }

                var currents = Subjects(change);
                if (currents.Count == 0)
                {
                    continue;
                }

                var x = change.InTenThousand!.Value;
                var results = new List<(Severity Severity, decimal Exact, NarrativeFigure Current)>();
                foreach (var current in currents)
                {
                    var c = current.InTenThousand!.Value;
                    var sign = change.Direction == Direction.Up ? -1 : 1;
                    var previous = c + sign * x;
                    if (previous <= 0)
                    {
                        continue;
                    }

                    var exact = x / previous * 100m;
                    var corners = new List<decimal>();
                    foreach (var dx in new[] { -change.HalfUnit, change.HalfUnit })
                    {
                        foreach (var dc in new[] { -current.HalfUnit, current.HalfUnit })
                        {
                            var prev = c + dc + sign * (x + dx);
                            if (prev > 0)
                            {
                                corners.Add((x + dx) / prev * 100m);
                            }
                        }
                    }

                    results.Add((RateVerdict(rate.Value!.Value, rate.Decimals, exact, corners.DefaultIfEmpty(exact).Min(), corners.DefaultIfEmpty(exact).Max()), exact, current));
                }

                if (results.Count == 0)
                {
                    continue;
                }

                var best = results.MinBy(r => r.Severity);
                var previousValue = best.Current.InTenThousand!.Value + (change.Direction == Direction.Up ? -x : x);
                Add(rate.Paragraph, rate.Snippet, best.Severity == Severity.Error ? Failure(Severity.Error) : best.Severity,
                    $"{Tail(best.Current.Item)} {best.Current.Written}万元，{(change.Direction == Direction.Up ? "增加" : "减少")} {change.Written}万元，上年应为 {Money(previousValue)} 万元，变动率 {best.Exact:0.00}%，文字为 {rate.Written}%。",
                    Math.Round(best.Exact, rate.Decimals), rate.Value, column: "增减率");
            }
        }

        /// <summary>
        /// "2023年当年预算执行数为60.13万元，2024年预算安排25.77万元，比2023年预算执行数减少57.14%": the rate between the
        /// previous year's figure (named with that year or 上年) and the other amount of the sentence, and its direction.
        /// </summary>
        private void BetweenTwoFigures(NarrativeFigure rate)
        {
            var amounts = reading.In(rate.Paragraph).Where(f => f.Sentence == rate.Sentence && f.Start < rate.Start && IsAmount(f)).ToList();
            var year = (document.Year - 1).ToString(CultureInfo.InvariantCulture) + "年";
            var before = amounts.FirstOrDefault(f => f.Item.Contains(year, StringComparison.Ordinal) || f.Item.Contains("上年", StringComparison.Ordinal));
            var now = amounts.LastOrDefault(f => f != before);
            if (before is null || now is null)
            {
                return;
            }

            if (before.Value == 0m && rate.Value != 0m && now.Value > 0m)
            {
                // "2023年当年预算执行数为0.00万元，2024年预算安排25.00万元，比2023年预算执行数增加100.00%": no rate follows
                // from a previous figure of zero.
                Add(rate.Paragraph, rate.Snippet, Failure(Severity.Error),
                    $"{Tail(before.Item)} {before.Written}万元，{Tail(now.Item)} {now.Written}万元：上年为 0，增减率无从计算，文字为“{rate.Item}{rate.Written}%”（应写明上年为 0、本年新增）。",
                    null, rate.Value, column: "增减率");
                return;
            }

            if (before.InTenThousand is not > 0m)
            {
                return;
            }

            var b = before.InTenThousand!.Value;
            var n = now.InTenThousand!.Value;
            var exact = Math.Abs(n - b) / b * 100m;
            var corners = new[] { (Math.Abs(n - b) - now.HalfUnit - before.HalfUnit) / (b + before.HalfUnit), (Math.Abs(n - b) + now.HalfUnit + before.HalfUnit) / (b - before.HalfUnit) }
                .Select(v => Math.Max(v, 0m) * 100m).ToList();
            var verdict = RateVerdict(rate.Value!.Value, rate.Decimals, exact, corners.Min(), corners.Max());
            var direction = n > b ? Direction.Up : n < b ? Direction.Down : Direction.Flat;
            if (rate.Direction is Direction.Up or Direction.Down && direction != Direction.Flat && rate.Direction != direction)
            {
                verdict = Severity.Error;
            }

            Add(rate.Paragraph, rate.Snippet, verdict == Severity.Error ? Failure(Severity.Error) : verdict,
                $"{Tail(before.Item)} {before.Written}万元，{Tail(now.Item)} {now.Written}万元：{(direction == Direction.Up ? "增加" : direction == Direction.Down ? "减少" : "持平")} {exact:0.00}%，文字为“{rate.Item}{rate.Written}%”。",
                Math.Round(exact, rate.Decimals), rate.Value, column: "增减率");
        }

        /// <summary>The figures a change is about: by the item it names (收入总计), nearest first; or the amount before it.</summary>
        private List<NarrativeFigure> Subjects(NarrativeFigure change)
        {
            var subject = NarrativeReader.Subject(change.Item);
            if (subject.Length >= 2)
            {
                var inSentence = reading.In(change.Paragraph)
                    .Where(f => f.Sentence == change.Sentence && f.Start < change.Start && IsAmount(f) && Names(f, subject))
                    .Reverse().ToList();
                return inSentence.Count > 0 ? inSentence : Named(subject);
            }

            var before = Previous(change, IsAmount, sameSentence: true);
            return before is null ? [] : [before];
        }

        private static bool IsAmount(NarrativeFigure f) => f.Role == FigureRole.Amount && f.IsMoney && !f.IsBlank;

        private static bool Names(NarrativeFigure figure, string name)
        {
            var item = Normalize(figure.Item);
            var wanted = Normalize(name);
            return item.EndsWith(wanted, StringComparison.Ordinal)
                || item.EndsWith(wanted + "总计", StringComparison.Ordinal)
                || item.EndsWith(wanted + "合计", StringComparison.Ordinal)
                || item.EndsWith(wanted + "预算", StringComparison.Ordinal)
                || (item.EndsWith("预算", StringComparison.Ordinal) && wanted.EndsWith("收支预算", StringComparison.Ordinal) && item.Contains(wanted[..^4], StringComparison.Ordinal));
        }

        private List<NarrativeFigure> Named(string name) => [.. reading.Figures.Where(f => IsAmount(f) && Names(f, name))];

        private NarrativeFigure? Previous(NarrativeFigure figure, Func<NarrativeFigure, bool> wanted, bool sameSentence) =>
            reading.In(figure.Paragraph).LastOrDefault(f => f.Start < figure.Start && (!sameSentence || f.Sentence == figure.Sentence) && wanted(f));

        public void Completions()
        {
            var table = rule.Table is null ? null : document.Tables.FirstOrDefault(t => !t.Missing && t.Code == rule.Table);
            foreach (var completion in reading.Figures.Where(f => f.Role == FigureRole.Completion))
            {
                var sentence = reading.In(completion.Paragraph).Where(f => f.Sentence == completion.Sentence && f.Start < completion.Start).ToList();
                var planned = sentence.LastOrDefault(f => IsAmount(f) && f.Item.Contains("预算数", StringComparison.Ordinal));
                var spent = sentence.LastOrDefault(f => IsAmount(f) && f.Item.Contains("执行数", StringComparison.Ordinal));
                var subject = reading.In(completion.Paragraph).LastOrDefault(f => f.Start < completion.Start && f.Role == FigureRole.Amount && f.IsMoney);
                (decimal Final, decimal Budget, decimal Half, string Label)? basis = null;
                decimal? adjusted = null;
                if (planned is not null && spent is not null)
                {
                    basis = (spent.InTenThousand!.Value, planned.InTenThousand!.Value, spent.HalfUnit + planned.HalfUnit, $"执行数 {spent.Written} 万元 / 预算数 {planned.Written} 万元");
                }
                else if (table is not null && subject is not null && TableRow(table, subject.Item) is { } row)
                {
                    // The narrative speaks 万元; a table may print 元 (Shanghai): compare in 万元.
                    var unit = AmountUnit.OfTable(table);
                    var final = ValueAt(table, row, rule.Column ?? "final") is { } f ? unit.To(AmountUnit.TenThousandYuan, f) : (decimal?)null;
                    var budget = ValueAt(table, row, rule.OtherColumn ?? "budget") is { } g ? unit.To(AmountUnit.TenThousandYuan, g) : (decimal?)null;
                    if (final is not null && budget is not null)
                    {
                        var half = unit.To(AmountUnit.TenThousandYuan, 0.5m * AmountUnit.PowerOfTen(-table.Decimals));
                        basis = (final.Value, budget.Value, 2 * half, $"{table.Number}“{row.Cells[0].Text}” 决算 {Money(final.Value)} / 预算 {Money(budget.Value)}");
                        // A table that also prints the adjusted (全年) budget: a rate "of the 年初预算" taken against it is
                        // the wrong budget figure.
                        adjusted = ValueAt(table, row, AdjustedBudgetColumn) is { } a ? unit.To(AmountUnit.TenThousandYuan, a) : null;
                    }

                    Wording(completion, final ?? 0m, budget ?? 0m);
                }

                if (completion.IsBlank)
                {
                    continue;
                }

                if (basis is { } b && b.Budget != 0)
                {
                    var exact = b.Final / b.Budget * 100m;
                    var corners = new[] { (b.Final - b.Half) / (b.Budget + b.Half), (b.Final + b.Half) / Math.Max(b.Budget - b.Half, 0.000001m) }.Select(v => v * 100m).ToList();
                    var verdict = RateVerdict(completion.Value!.Value, completion.Decimals, exact, corners.Min(), corners.Max());
                    var message = $"{b.Label}，完成率应为 {exact:0.00}%，文字为 {completion.Written}%。";
                    if (verdict == Severity.Error && adjusted is { } adj && adj != 0 && (completion.Base ?? "").Contains("年初", StringComparison.Ordinal)
                        && RateVerdict(completion.Value!.Value, completion.Decimals, b.Final / adj * 100m, (b.Final - b.Half) / (adj + b.Half) * 100m, (b.Final + b.Half) / Math.Max(adj - b.Half, 0.000001m) * 100m) != Severity.Error)
                    {
                        message = $"{b.Label}：文字的 {completion.Written}% 是决算数对调整预算（全年预算）{Money(adj)} 万元的比例，不是“{completion.Base}”；完成年初预算应为 {exact:0.00}%。";
                    }

                    Add(completion.Paragraph, completion.Snippet, verdict == Severity.Error ? Failure(Severity.Error) : verdict,
                        message, Math.Round(exact, completion.Decimals), completion.Value, column: "完成率");
                }
                else if (completion.Value == 0 && subject is { IsBlank: false } spentFigure && spentFigure.Value > 0)
                {
                    // J23: a figure spent against a budget of zero has no completion rate; "完成年初预算的0%" says the opposite.
                    Add(completion.Paragraph, completion.Snippet, Failure(Severity.Warning),
                        $"决算数 {spentFigure.Written} 万元而年初预算为 0（未安排），“完成{completion.Base ?? "预算"}的0%”没有意义，应说明年初未安排预算（或对照调整预算）。",
                        column: "完成率");
                }
                else if (completion.Value is { } printed && subject is { IsBlank: false } s && s.Value > 0)
                {
                    var sentenceText = completion.Paragraph.Text;
                    var after = sentenceText[completion.End..Math.Min(sentenceText.Length, completion.End + 40)];
                    var wording = WordingPattern().Match(after);
                    if (wording.Success)
                    {
                        var expected = printed > 100 ? "大于" : printed < 100 ? "小于" : "持平";
                        CompareWording(completion, wording.Groups["word"].Value, expected);
                    }
                }
            }
        }

        private void Wording(NarrativeFigure completion, decimal final, decimal budget)
        {
            var text = completion.Paragraph.Text;
            var after = text[completion.End..Math.Min(text.Length, completion.End + 40)];
            var wording = WordingPattern().Match(after);
            if (wording.Success)
            {
                CompareWording(completion, wording.Groups["word"].Value, final > budget ? "大于" : final < budget ? "小于" : "持平");
            }
        }

        private void CompareWording(NarrativeFigure completion, string written, string expected)
        {
            var normalized = written is "等于" ? "持平" : written;
            // Wording is a warning whatever the rule's level: the figures themselves are checked by the rate above.
            Add(completion.Paragraph, completion.Snippet, normalized == expected ? Severity.Pass : Severity.Warning,
                $"决算数与预算数的关系应写作“{expected}”，文字为“{written}”。", column: "增减表述");
        }

        private static RowDocument? TableRow(TableDocument table, string item)
        {
            var wanted = Normalize(NarrativeReader.CleanItem(item));
            if (wanted.Contains("三公", StringComparison.Ordinal))
            {
                return table.Rows.FirstOrDefault(r => r.Role == RowRoles.Total) ?? (table.Rows.Count == 1 ? table.Rows[0] : null);
            }

            return table.Rows.FirstOrDefault(r => r.Cells.FirstOrDefault().Text is { } name && ItemName().Replace(Normalize(name), "") is { Length: > 1 } plain
                && (plain == wanted || wanted.EndsWith(plain, StringComparison.Ordinal)));
        }

        private static decimal? ValueAt(TableDocument table, RowDocument row, string key)
        {
            var leaves = table.Leaves();
            for (var i = 0; i < leaves.Count; i++)
            {
                if (leaves[i].Key == key)
                {
                    return i < row.Cells.Count ? row.Cells[i].Number ?? 0m : 0m;
                }
            }

            return null;
        }

        public void Reasons()
        {
            var threshold = rule.Threshold ?? 10m;
            foreach (var paragraph in reading.Paragraphs)
            {
                foreach (Match match in NoReason().Matches(paragraph.Text))
                {
                    Add(paragraph, Around(paragraph.Text, match.Index, match.Length), Failure(Severity.Warning),
                        $"文字称“{match.Groups["word"].Value}”，原因却写作“无”：说明差异的原因，或改为“持平”。", column: "原因说明");
                }
            }

            foreach (var paragraph in reading.Paragraphs)
            {
                var flat = FlatButReason().Match(paragraph.Text);
                if (flat.Success && !reading.In(paragraph).Any(f => f.Role is FigureRole.Change or FigureRole.ChangeRate && f.Value != 0))
                {
                    Add(paragraph, Around(paragraph.Text, flat.Index, Math.Min(flat.Length, 30)), Failure(Severity.Warning),
                        $"文字称“持平”，所述原因却是“{flat.Groups["word"].Value}”：增减原因应与数字相符。", column: "原因说明");
                }
            }

            foreach (var stated in reading.Figures.Where(f => f.Role is FigureRole.Change or FigureRole.ChangeRate && f.Direction is Direction.Up or Direction.Down && f.Value != 0))
            {
                var text = stated.Paragraph.Text;
                var reason = ReasonClause().Match(text, stated.End);
                if (!reason.Success || reading.In(stated.Paragraph).Any(f => f.Start > stated.End && f.Start < reason.Index && f.Role is FigureRole.Change or FigureRole.ChangeRate))
                {
                    continue;
                }

                var says = reason.Groups["text"].Value;
                var up = says.Contains("增加", StringComparison.Ordinal) || says.Contains("增长", StringComparison.Ordinal);
                var down = says.Contains("减少", StringComparison.Ordinal) || says.Contains("压减", StringComparison.Ordinal) || says.Contains("下降", StringComparison.Ordinal);
                if (up != down && (up ? Direction.Up : Direction.Down) != stated.Direction)
                {
                    Add(stated.Paragraph, Around(text, reason.Index, reason.Length), Failure(Severity.Warning),
                        $"数字为{(stated.Direction == Direction.Up ? "增加" : "减少")}，所述原因却是“{(up ? "增加" : "减少")}”：增减原因应与数字相符。", column: "原因说明");
                }
            }

            OtherItemReasons();

            foreach (var change in reading.Figures.Where(f => f.Role == FigureRole.Change && f.Value == 0))
            {
                Add(change.Paragraph, change.Snippet, Failure(Severity.Warning),
                    $"变动金额为 0，却写作“{(change.Direction == Direction.Up ? "增加" : "减少")}”：应写“持平”（增长率也无从计算）。", column: "增减表述");
            }

            foreach (var rate in reading.Figures.Where(f => f.Role == FigureRole.ChangeRate && f.Value is { } v && Math.Abs(v) >= threshold))
            {
                var text = rate.Paragraph.Text;
                var rest = text[rate.End..];
                var change = Previous(rate, f => f.Role == FigureRole.Change, sameSentence: true);
                if (change is not null && change.Direction != Direction.None && rate.Direction != Direction.None && change.Direction != rate.Direction)
                {
                    Add(rate.Paragraph, rate.Snippet, Failure(Severity.Warning), "同一句中金额与百分比的增减方向相反。", column: "增减表述");
                }

                if (!ReasonWords().IsMatch(rest))
                {
                    Add(rate.Paragraph, rate.Snippet, Failure(Severity.Warning), $"变动 {rate.Written}% 超过 {threshold}%，但没有说明原因。", column: "原因说明");
                }
            }
        }

        /// <summary>
        /// "…（款）城管执法（项）…主要原因是：城乡社区管理事务一般行政管理事务经费减少": a paragraph about one 项 whose reason
        /// (the template's "<科目>经费增加/减少/保持不变") names another 项 of the same narrative — a copied paragraph. Only a
        /// reason naming exactly another 项 the narrative lists (by its name, or its 款 and name) is reported.
        /// </summary>
        private void OtherItemReasons()
        {
            var items = reading.Paragraphs.Select(p => (Paragraph: p, Match: NamedItem().Match(p.Text))).Where(x => x.Match.Success).ToList();
            var names = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (_, m) in items)
            {
                var label = $"{m.Groups["kuan"].Value}（款）{m.Groups["xiang"].Value}（项）";
                names.TryAdd(CheckEngine.NormalizeName(m.Groups["xiang"].Value), label);
                names.TryAdd(CheckEngine.NormalizeName(m.Groups["kuan"].Value + m.Groups["xiang"].Value), label);
            }

            foreach (var (paragraph, m) in items)
            {
                var own = CheckEngine.NormalizeName(m.Groups["xiang"].Value);
                var ownFull = CheckEngine.NormalizeName(m.Groups["kuan"].Value + m.Groups["xiang"].Value);
                foreach (Match reason in ReasonSubject().Matches(paragraph.Text, m.Index + m.Length))
                {
                    var named = CheckEngine.NormalizeName(reason.Groups["x"].Value);
                    if (named == own || named == ownFull || named.EndsWith(own, StringComparison.Ordinal)
                        || !names.TryGetValue(named, out var other))
                    {
                        continue;
                    }

                    Add(paragraph, Around(paragraph.Text, reason.Index, reason.Length), Failure(Severity.Warning),
                        $"本段说的是“{m.Groups["kuan"].Value}（款）{m.Groups["xiang"].Value}（项）”，所述原因却是另一科目“{other}”的：“{reason.Groups["x"].Value}经费{reason.Groups["w"].Value}”。",
                        column: "原因说明");
                }
            }
        }

        public void Sums()
        {
            foreach (var paragraph in reading.Paragraphs)
            {
                var text = paragraph.Text;
                var figures = reading.In(paragraph).ToList();
                AspectSum(paragraph, figures);
                foreach (Match marker in ListMarker().Matches(text))
                {
                    var atEnd = text[(marker.Index + marker.Length)..].Trim().Length == 0;
                    var total = figures.LastOrDefault(f => f.End <= marker.Index && f.Role == FigureRole.Amount && f.IsMoney && !f.IsBlank);
                    if (total is null)
                    {
                        continue;
                    }

                    var gap = text[total.End..marker.Index];
                    var exhaustive = atEnd || marker.Value.StartsWith('包') || marker.Value.StartsWith('具');
                    List<NarrativeFigure> parts;
                    if (atEnd)
                    {
                        parts = EnumeratedParts(paragraph);
                    }
                    else
                    {
                        // The total is the figure the list starts from: in the same clause run, or the sentence just before
                        // "其中：" ("…4.50万元，…。其中：因公出国（境）费…").
                        var adjacent = !gap.Contains('；') && !gap.Contains(';') && (!gap.Contains('。') || gap.TrimEnd().EndsWith('。'));
                        if (!adjacent || (gap.Contains('。') && figures.Count(f => f.Sentence == total.Sentence && IsAmount(f)) > 1))
                        {
                            continue;
                        }

                        var sentence = text[..marker.Index].Count(c => c == '。');
                        var next = ListMarker().Match(text, marker.Index + marker.Length);
                        var stop = next.Success && next.Value.StartsWith('其') ? next.Index : text.Length;
                        parts = [.. figures.Where(f => f.Start > marker.Index && f.Start < stop && f.Sentence == sentence && f.IsMoney && f.Role == FigureRole.Amount)];
                    }

                    if (parts.Count < 2)
                    {
                        continue;
                    }

                    var sum = parts.Sum(p => p.InTenThousand ?? 0m);
                    var totalValue = total.InTenThousand!.Value;
                    var tolerance = total.HalfUnit + parts.Sum(p => p.IsBlank ? 0m : p.HalfUnit);
                    var difference = totalValue - sum;
                    if (!exhaustive && difference > tolerance)
                    {
                        continue; // "其中" names some of the parts only
                    }

                    var severity = Verdict(difference, tolerance);
                    Add(paragraph, total.Snippet, severity,
                        $"{Tail(total.Item)} {total.Written}万元，文中所列 {parts.Count} 项之和为 {Money(sum)} 万元。", sum, totalValue, tolerance, "文中合计");
                }
            }
        }

        /// <summary>
        /// "…支出年初预算为X万元。其中：…。主要用于以下方面：一般公共服务支出A万元，占a%；…住房保障支出C万元，占c%。": the 类 the
        /// template lists after "主要用于以下方面" are all of them, so they add up to the paragraph's lead figure.
        /// </summary>
        private void AspectSum(NarrativeParagraph paragraph, List<NarrativeFigure> figures)
        {
            var marker = AspectsMarker().Match(paragraph.Text);
            var total = figures.FirstOrDefault(f => f.IsMoney && !f.IsBlank);
            if (!marker.Success || total is null || total.Role != FigureRole.Amount || total.Start > marker.Index)
            {
                return;
            }

            var sentence = paragraph.Text[..marker.Index].Count(c => c == '。');
            var parts = figures.Where(f => f.Start > marker.Index && f.Sentence == sentence && f.IsMoney).ToList();
            if (parts.Count < 2 || parts.Any(p => p.Role != FigureRole.Amount || p.IsBlank))
            {
                return;
            }

            var sum = parts.Sum(p => p.InTenThousand!.Value);
            var tolerance = total.HalfUnit + parts.Sum(p => p.HalfUnit);
            var difference = total.InTenThousand!.Value - sum;
            Add(paragraph, total.Snippet, Verdict(difference, tolerance),
                $"{Tail(total.Item)} {total.Written}万元，“主要用于以下方面”所列 {parts.Count} 项之和为 {Money(sum)} 万元。", sum, total.InTenThousand, tolerance, "文中合计");
        }

        /// <summary>The first money figure of each paragraph enumerated like the first one after a list's head ("1.", "（1）").</summary>
        private List<NarrativeFigure> EnumeratedParts(NarrativeParagraph head)
        {
            var parts = new List<NarrativeFigure>();
            int? level = null;
            foreach (var paragraph in reading.Paragraphs.Where(p => p.Index > head.Index))
            {
                var current = EnumeratorLevel(paragraph.Text);
                if (paragraph.Section != head.Section || paragraph.Heading != head.Heading || current is null)
                {
                    break;
                }

                level ??= current;
                if (current < level)
                {
                    break;
                }

                if (current > level)
                {
                    continue;
                }

                var first = reading.In(paragraph).FirstOrDefault(f => f.IsMoney);
                if (first is null || first.Role != FigureRole.Amount)
                {
                    return [];
                }

                parts.Add(first);
            }

            return parts;
        }

        private static int? EnumeratorLevel(string text)
        {
            var match = Enumerator().Match(text);
            if (!match.Success)
            {
                return null;
            }

            return match.Groups["l0"].Success ? 0 : match.Groups["l1"].Success ? 1 : match.Groups["l2"].Success ? 2 : 3;
        }

        /// <summary>
        /// Amounts the narrative quotes for an item the tables hold unambiguously (收入总计, 支出总计, 一般公共预算财政拨款支出,
        /// a 项 named with its 类 and 款, the "三公"经费 and its parts, 机关运行经费 where the set has a column for it) against
        /// that figure, each in its own unit. A figure a <c>text</c> rule of the set has already compared is not compared
        /// twice; any other figure is skipped.
        /// </summary>
        public void Quoted()
        {
            foreach (var figure in reading.Figures.Where(f => IsAmount(f) && f.Direction == Direction.None))
            {
                var item = Normalize(figure.Item);
                if (item.Contains('比', StringComparison.Ordinal) || item.Contains("上年", StringComparison.Ordinal) || item.Contains('占', StringComparison.Ordinal)
                    || (document.Kind == DisclosureKinds.Final && FinalBudgetWords().IsMatch(item)))
                {
                    continue;
                }

                if (QuotedTarget(item) is not { } target)
                {
                    continue;
                }

                var written = figure.Written + figure.Unit;
                if (findings.Any(f => f.Table == figure.Paragraph.SectionTitle && f.Rule != rule.Id && f.Actual == figure.Value
                    && (f.Row ?? "").Contains(written, StringComparison.Ordinal)))
                {
                    continue;
                }

                var quoted = figure.InTenThousand!.Value;
                var tolerance = figure.HalfUnit + target.Half;
                // A figure printed in a larger unit than its table (万元 for a 元 table) is right when it is the table's
                // figure rounded to the decimals it is printed with.
                var inItsUnit = AmountUnit.TenThousandYuan.To(AmountUnit.Parse(figure.Unit)!, target.Value);
                var severity = Math.Round(inItsUnit, figure.Decimals, MidpointRounding.AwayFromZero) == figure.Value
                    ? Severity.Pass : Verdict(quoted - target.Value, tolerance);
                Add(figure.Paragraph, figure.Snippet, severity,
                    $"文字说明为 {figure.Written}{figure.Unit}，{target.Label}为 {Money(target.Value)} 万元。", target.Value, quoted, tolerance, "所引金额");
            }
        }

        private (decimal Value, decimal Half, string Label)? QuotedTarget(string item)
        {
            var xiang = ClassItem().Match(item);
            if (xiang.Success)
            {
                var table = document.Tables.FirstOrDefault(t => !t.Missing && t.Code == "gpb_expenditure");
                if (table is null)
                {
                    return null;
                }

                var name = xiang.Groups["xiang"].Value;
                var kuan = xiang.Groups["kuan"].Success ? xiang.Groups["kuan"].Value : null;
                var candidates = table.Rows.Where(r => r.Code is { Length: 7 } && Normalize(r.Name ?? "") == name).ToList();
                if (kuan is not null && candidates.Count > 1)
                {
                    candidates = [.. candidates.Where(r => table.Rows.Any(p => p.Code == r.Code![..5] && Normalize(p.Name ?? "") == kuan))];
                }

                if (candidates.Count != 1)
                {
                    return null;
                }

                var leaves = table.Leaves();
                var column = Enumerable.Range(0, leaves.Count).FirstOrDefault(i => leaves[i].Type == ColumnTypes.Amount, -1);
                if (column < 0)
                {
                    return null;
                }

                var unit = AmountUnit.OfTable(table);
                var value = column < candidates[0].Cells.Count ? candidates[0].Cells[column].Number ?? 0m : 0m;
                return (unit.To(AmountUnit.TenThousandYuan, value), unit.To(AmountUnit.TenThousandYuan, 0.5m * AmountUnit.PowerOfTen(-table.Decimals)),
                    $"{table.Number}“{candidates[0].Code} {candidates[0].Name}”");
            }

            if (item.Contains("财政拨款收支", StringComparison.Ordinal) || item.Contains("基本", StringComparison.Ordinal) || item.Contains("项目", StringComparison.Ordinal))
            {
                return null;
            }

            // Only an item named on its own (a year and 本部门 before it at most): "涉及一般公共预算支出2578.28万元" is not
            // the 一般公共预算支出.
            var own = OwnItem().Match(item);
            string? wanted = !own.Success ? null
                : own.Groups["total"].Success ? own.Groups["total"].Value
                : own.Groups["gpb"].Success ? "一般公共预算支出"
                : own.Groups["three"].Success ? "三公经费"
                : own.Groups["part"].Value;
            return wanted is null || item.Contains("财政拨款收入", StringComparison.Ordinal) ? null : CrossDocumentChecks.Resolve(document, wanted);
        }

        public void Definitions()
        {
            var definitions = rule.Definitions ?? DefaultDefinitions;
            foreach (var figure in reading.Figures.Where(IsAmount))
            {
                var item = Normalize(figure.Item);
                foreach (var (name, defaultParts) in definitions)
                {
                    var at = item.IndexOf(Normalize(name), StringComparison.Ordinal);
                    if (at < 0 || item.Contains('比'))
                    {
                        continue;
                    }

                    var stated = StatedDefinition().Match(figure.Item);
                    var partNames = stated.Success ? KnownParts(stated.Groups["parts"].Value) : defaultParts;
                    if (partNames.Count == 0)
                    {
                        continue;
                    }

                    var values = partNames.Select(part => PartIn(figure, part)).ToList();
                    if (values.Any(v => v is null))
                    {
                        continue;
                    }

                    var sum = values.Sum(v => v!.InTenThousand!.Value);
                    var quoted = figure.InTenThousand!.Value;
                    var tolerance = figure.HalfUnit + values.Sum(v => v!.HalfUnit);
                    var difference = quoted - sum;
                    var severity = Verdict(difference, tolerance);
                    Add(figure.Paragraph, figure.Snippet, severity,
                        $"{name}按{(stated.Success ? "文中所述" : "规定")}口径为 {string.Join(" + ", partNames)} = {string.Join(" + ", values.Select(v => v!.Written))} = {Money(sum)} 万元，文字为 {figure.Written} 万元。",
                        sum, quoted, tolerance, "口径");
                    break;
                }
            }
        }

        private NarrativeFigure? PartIn(NarrativeFigure defined, string part)
        {
            var wanted = Normalize(part).Replace("支出", "", StringComparison.Ordinal);
            bool Matches(NarrativeFigure f) => IsAmount(f) && f != defined
                && Normalize(f.Item).Replace("支出", "", StringComparison.Ordinal).EndsWith(wanted, StringComparison.Ordinal);
            return reading.In(defined.Paragraph).LastOrDefault(Matches)
                ?? reading.Figures.LastOrDefault(f => f.Paragraph.Section == defined.Paragraph.Section && f.Paragraph.Index < defined.Paragraph.Index && Matches(f));
        }

        private static List<string> KnownParts(string definition)
        {
            var text = Normalize(definition);
            string[] known = ["工资福利支出", "商品和服务支出", "对个人和家庭补助", "资本性支出"];
            return [.. known.Where(k => text.Contains(k.Replace("支出", "", StringComparison.Ordinal), StringComparison.Ordinal))];
        }

        public void Years()
        {
            var previous = document.Year - 1;
            foreach (var paragraph in reading.Paragraphs)
            {
                foreach (Match match in ComparedYear().Matches(paragraph.Text))
                {
                    var year = int.Parse(match.Groups["year"].Value, CultureInfo.InvariantCulture);
                    Add(paragraph, Around(paragraph.Text, match.Index, match.Length), year == previous ? Severity.Pass : Failure(Severity.Warning),
                        $"{document.Year}年的{(document.Kind == "final" ? "决算" : "预算")}应与{previous}年比较，文字为{year}年。", previous, year, column: "比较年度");
                }

                var asOf = document.Kind == "final" ? document.Year : previous;
                foreach (Match match in AsOfYear().Matches(paragraph.Text))
                {
                    var year = int.Parse(match.Groups["year"].Value, CultureInfo.InvariantCulture);
                    Add(paragraph, Around(paragraph.Text, match.Index, match.Length), year == asOf ? Severity.Pass : Failure(Severity.Warning),
                        $"资产数应截至{asOf}年年末，文字为{year}年。", asOf, year, column: "年度");
                }
            }
        }

        public void Names()
        {
            var name = document.Department.Name;
            var known = document.Department.Units.Select(u => u.Name).Append(name).Where(n => n.Length > 0).ToList();
            var place = PlacePrefix().Match(name);
            if (!place.Success)
            {
                return;
            }

            foreach (var paragraph in reading.Paragraphs)
            {
                var text = paragraph.Text;
                for (var at = text.IndexOf(place.Value, StringComparison.Ordinal); at >= 0; at = text.IndexOf(place.Value, at + 1, StringComparison.Ordinal))
                {
                    var organ = Organ().Match(text, at);
                    if (!organ.Success || organ.Index != at)
                    {
                        continue;
                    }

                    var written = organ.Value;
                    var ok = known.Any(k => written.StartsWith(k, StringComparison.Ordinal) || k.StartsWith(written, StringComparison.Ordinal));
                    if (!ok)
                    {
                        Add(paragraph, Around(text, at, written.Length), Failure(Severity.Warning), $"部门名称写作“{written}”，与“{name}”不一致。", column: "部门名称");
                    }
                }
            }
        }

        /// <summary>
        /// The 绩效自评 paragraph against the project self-evaluation forms of the same disclosure: the number of projects,
        /// the money they cover (Σ 项目预算金额), the average score (mean of 总得分); and the forms' Σ 全年执行数 against the
        /// 项目支出 of the tables (<see cref="CheckRule.Table"/>.<see cref="CheckRule.Column"/>, total row), which it
        /// cannot exceed.
        /// </summary>
        public void SelfEvaluations()
        {
            var forms = document.Tables.Where(t => !t.Missing && t.Code == "self_eval_project").ToList();
            if (forms.Count == 0)
            {
                return;
            }

            var budgets = forms.Select(f => Field(f, l => l.Contains("预算", StringComparison.Ordinal) && l.Contains("金额", StringComparison.Ordinal))).ToList();
            var spent = forms.Select(f => Field(f, l => l.Contains("执行数", StringComparison.Ordinal))).ToList();
            var scores = forms.Select(f => Field(f, l => l.Contains("总得分", StringComparison.Ordinal))).ToList();
            foreach (var paragraph in reading.Paragraphs)
            {
                var match = ProjectCount().Match(paragraph.Text);
                if (!match.Success)
                {
                    continue;
                }

                var snippet = Around(paragraph.Text, match.Index, match.Length);
                var count = int.Parse(match.Groups["n"].Value, CultureInfo.InvariantCulture);
                Add(paragraph, snippet, count == forms.Count ? Severity.Pass : Failure(Severity.Error),
                    $"文字称自评项目 {count} 个，公开的项目绩效自评表有 {forms.Count} 张。", forms.Count, count, column: "自评项目数");
                var money = reading.In(paragraph).FirstOrDefault(f => f.Start > match.Index && IsAmount(f) && f.Item.Contains("涉及资金", StringComparison.Ordinal));
                if (money is not null && budgets.All(b => b is not null))
                {
                    var sum = budgets.Sum(b => b!.Value);
                    var tolerance = money.HalfUnit + forms.Count * 0.005m;
                    var difference = money.InTenThousand!.Value - sum;
                    Add(paragraph, money.Snippet, Verdict(difference, tolerance),
                        $"各项目绩效自评表的项目预算金额合计 {Money(sum)} 万元，文字为 {money.Written} 万元。", sum, money.InTenThousand, tolerance, "自评资金");
                }

                var average = AverageScore().Match(paragraph.Text, match.Index);
                if (average.Success && scores.All(s => s is not null)
                    && NarrativeReader.TryParseNumber(average.Groups["s"].Value, out var printed, out var decimals, out _))
                {
                    var mean = scores.Average(s => s!.Value);
                    var verdict = RateVerdict(printed, decimals, mean, mean, mean);
                    Add(paragraph, Around(paragraph.Text, average.Index, average.Length), verdict == Severity.Error ? Failure(Severity.Error) : verdict,
                        $"各项目绩效自评表总得分的平均为 {mean:0.00} 分，文字为 {average.Groups["s"].Value} 分。", Math.Round(mean, decimals), printed, column: "自评平均分");
                }

                break;
            }

            var table = rule.Table is null ? null : document.Tables.FirstOrDefault(t => !t.Missing && t.Code == rule.Table);
            var total = table?.Rows.FirstOrDefault(r => r.Role == RowRoles.Total);
            var project = table is null || total is null ? null
                : ValueAt(table, total, rule.Column ?? "project") is { } inTable ? AmountUnit.OfTable(table).To(AmountUnit.TenThousandYuan, inTable) : (decimal?)null;
            if (project is { } p && spent.All(s => s is not null))
            {
                var executed = spent.Sum(s => s!.Value);
                var tolerance = (forms.Count + 1) * 0.005m;
                var paragraph = reading.Paragraphs.FirstOrDefault(x => ProjectCount().IsMatch(x.Text)) ?? (reading.Paragraphs.Count > 0 ? reading.Paragraphs[^1] : null);
                if (paragraph is null)
                {
                    return;
                }

                Add(paragraph, $"{forms.Count} 张项目绩效自评表 全年执行数合计", Verdict(executed - p, tolerance, "le"),
                    $"项目绩效自评表的全年执行数合计 {Money(executed)} 万元，超过{table!.Number}项目支出 {Money(p)} 万元。", p, executed, tolerance, "自评执行数");
            }
        }

        private static decimal? Field(TableDocument table, Func<string, bool> label)
        {
            var value = table.Fields?.FirstOrDefault(f => label(f.Label))?.Value;
            return value is not null && NarrativeReader.TryParseNumber(value.Trim(), out var number, out _, out _) ? number : null;
        }

        /// <summary>Every line of the checked sections, headings included (a template note can stand in a heading).</summary>
        private IEnumerable<(NarrativeParagraph Paragraph, string Text)> Lines()
        {
            var index = 0;
            foreach (var section in document.Sections.Where(s => s.Key is not ("glossary" or "management")))
            {
                index++;
                foreach (var line in section.Body.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('|')))
                {
                    yield return (new NarrativeParagraph(index, section.Title, "", -1, line), line.TrimStart('#', ' '));
                }
            }
        }

        private static string Around(string text, int at, int length)
        {
            var start = Math.Max(0, at - 16);
            var end = Math.Min(text.Length, at + length + 8);
            return (start > 0 ? "…" : "") + text[start..end] + (end < text.Length ? "…" : "");
        }

        private static string Tail(string item) => item.Length > 24 ? "…" + item[^24..] : item;
    }

    // An item named on its own for the quoted check: a year and 本部门 before it at most.
    [GeneratedRegex(@"^(?:\d{4}年度?)?(?:本部门|部门|本单位)?(?:(?<total>收入总计|支出总计)|(?<gpb>一般公共预算(?:财政拨款)?支出)|(?:财政拨款)?(?:安排)?(?<three>""?三公""?经费(?:支出|预算|预算数为|预算为)?)|(?<part>因公出国\(境\)费|公务接待费|公务用车购置及运行(?:维护)?费|公务用车购置费|公务用车运行(?:维护)?费))$")]
    private static partial Regex OwnItem();

    [GeneratedRegex(@"年初预算|预算数|预算为|调整预算|预算安排")]
    private static partial Regex FinalBudgetWords();

    // The drafter's slot: "……" where a reason or other content is to be written ("主要原因是……", "改进措施：……").
    [GeneratedRegex(@"(?<=[是为：:])……")]
    private static partial Regex EmptySlot();

    // "…（类）…（款）…（项）" as the reader normalizes it (ASCII brackets): the 项 and its 款.
    [GeneratedRegex(@"(?:\(类\))?(?:(?<kuan>[^()]+)\(款\))?(?<xiang>[^()]+)\(项\)(?:安排|支出|为)?$")]
    private static partial Regex ClassItem();

    [GeneratedRegex(@"(?<![A-Za-z])(?:[XxＸ×]{2,}|[XＸ]\s*(?:万元|%|个|人次|辆))(?![A-Za-z])")]
    private static partial Regex Placeholder();

    // Four or more characters written twice in a row, eight or more twice with only a comma between ("实际编制绩效目标的
    // 特定目标类项目共3个,实际编制…共3个"), or a doubled particle ("的的"): a copy-and-paste slip. Legitimate reduplication
    // (人人, 常常) is shorter, and a list may name the same short word in two items ("购置公务用车；公务用车运行费").
    [GeneratedRegex(@"(?<p>[\u4e00-\u9fa5][\u4e00-\u9fa5\d（）()“”]{3,}?)\k<p>|(?<p>[\u4e00-\u9fa5][\u4e00-\u9fa5\d（）()“”]{7,}?)[,，、；;]\k<p>|(?<p>的|了|是|和|在|及|与)\k<p>")]
    private static partial Regex RepeatedPhrase();

    [GeneratedRegex(@"(?:决算数|执行数)?(?<word>大于|小于|持平|等于|高于|低于)(?:年初)?预算数")]
    private static partial Regex WordingPattern();

    [GeneratedRegex(@"(?<word>大于|小于|高于|低于|增加|减少)[^。]{0,12}?(?:主要原因|原因)(?:是|为)?[：:]?无(?=[。，；,;等]|$)")]
    private static partial Regex NoReason();

    [GeneratedRegex(@"持平[^。]*。?[^。]*?(?:主要原因|原因|主要是)[^。]*?(?<word>减少|增加|压减|下降|增长)")]
    private static partial Regex FlatButReason();

    [GeneratedRegex(@"\G[^。]{0,20}?[。；]?\s*(?:主要原因是|主要原因为|主要原因：|主要原因:|原因是)[：:]?(?<text>[^。；]+)")]
    private static partial Regex ReasonClause();

    // A 项 named with its 款 as the national template writes it: "…（类）行政事业单位养老支出（款）事业单位离退休（项）".
    [GeneratedRegex(@"(?<kuan>[^（）()“”""\s，。、；]+)[（(]款[）)](?<xiang>[^（）()“”""\s，。、；]+)[（(]项[）)]")]
    private static partial Regex NamedItem();

    // The template's reason naming its 科目: "主要原因是：事业单位离退休经费增加".
    [GeneratedRegex(@"(?:主要原因是|主要原因为|原因是)[：:]?(?<x>[^。；;，,：:]{2,40}?)经费(?<w>增加|减少|保持不变|持平)")]
    private static partial Regex ReasonSubject();

    [GeneratedRegex(@"原因|主要是|主要用于|由于|因为|系|用于")]
    private static partial Regex ReasonWords();

    [GeneratedRegex(@"主要用于以下(?:几个)?方面[：:]")]
    private static partial Regex AspectsMarker();

    [GeneratedRegex(@"(?<!主要)(?:具体包括|包括|其中)[：:，,]?")]
    private static partial Regex ListMarker();

    [GeneratedRegex(@"^(?:(?<l0>[一二三四五六七八九十]+、)|(?<l1>[（(][一二三四五六七八九十]+[）)])|(?<l2>\d+[.．、])|(?<l3>[（(]\d+[）)]))")]
    private static partial Regex Enumerator();

    [GeneratedRegex(@"共涉及(?:预算支出)?项目(?<n>\d+)个")]
    private static partial Regex ProjectCount();

    [GeneratedRegex(@"平均分(?<s>\d+(?:\.\d+)?)分")]
    private static partial Regex AverageScore();

    [GeneratedRegex(@"（即(?<parts>[^）]+)）")]
    private static partial Regex StatedDefinition();

    [GeneratedRegex(@"(?:比|较|与|同)(?<year>\d{4})年(?:度)?(?:预算|决算|批复)?")]
    private static partial Regex ComparedYear();

    [GeneratedRegex(@"截[至止](?<year>\d{4})年|(?<year>\d{4})年(?:期末|年末)")]
    private static partial Regex AsOfYear();

    [GeneratedRegex(@"^.{2,}?(?:省|市|县|区|旗|州)")]
    private static partial Regex PlacePrefix();

    [GeneratedRegex(@"[\u4e00-\u9fa5]{2,24}?(?:局|委员会|办事处|中心|厅|办公室)")]
    private static partial Regex Organ();

    [GeneratedRegex(@"^(?:其中:)?(?:\d+[、.,]|\(\d+\)|[一二三四五六七八九十]+[、,])*")]
    private static partial Regex ItemName();
}
