using BudgetPortal.Core.Checks;
using BudgetPortal.Core.CodeLists;
using BudgetPortal.Core.Documents;
using BudgetPortal.Web.Checks;
using BudgetPortal.Web.Data;
using BudgetPortal.Web.Data.Entities;
using BudgetPortal.Web.Staff;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace BudgetPortal.Web.Pages.Staff;

/// <summary>
/// The entry grid of one table of a draft: every cell an input (Tab/Enter move, a block pasted from Excel fills the
/// cells to the right and below, adding rows as needed), rows added by classification code (the name comes from the code
/// list) and removed, parent rows and the 合计 row computed on request (<see cref="ComputedTotals"/>, marked until saved),
/// and the consistency report of the whole draft beside it. A value the server refuses comes back in its cell as typed,
/// with its message beside it. A version that left 草稿 (or a reader who may not edit) gets the same table read-only.
/// </summary>
[Authorize]
[RequestSizeLimit(MaxPostBytes)]
[RequestFormLimits(ValueCountLimit = MaxFormValues)]
[BudgetPortal.Web.Workbooks.FormReadGuard]
public sealed class EditTableModel(DraftEditor drafts, DocumentLoader documents, AccessControl access, DisclosureCheckService checks, CodeBook codes, BudgetPortal.Web.Data.TableSetStore tableSets) : PageModel
{
    /// <summary>
    /// A browser posts one field per cell (plus a role per row): ASP.NET Core's default of 1,024 fields ended at a
    /// 70-row table. 250,000 fields hold the largest table an import may create (5,000 rows) at 40 columns.
    /// </summary>
    public const int MaxFormValues = 250_000;
    public const long MaxPostBytes = 32 * 1024 * 1024;

    public DraftView Draft { get; private set; } = null!;
    public TableDocument Table { get; private set; } = null!;
    public IReadOnlyList<ColumnNode> Leaves { get; private set; } = [];
    public int Index { get; private set; }
    public CheckReport Report { get; private set; } = new([]);
    public List<string> Errors { get; } = [];
    public string? Message { get; private set; }

    /// <summary>True when the table is shown to read only: the version left 草稿, or the reader may not edit it.</summary>
    public bool ReadOnly { get; private set; }

    /// <summary>True when the grid shows posted values that are not stored (a refused save, computed totals).</summary>
    public bool Unsaved { get; private set; }

    /// <summary>Refused cells by (row, column) as shown: the text as typed and why it was refused.</summary>
    public Dictionary<(int Row, int Column), (string? Typed, string Message)> Rejected { get; } = [];

    /// <summary>Cells "计算各级合计" filled by (row, column), with what they held before.</summary>
    public Dictionary<(int Row, int Column), CellValue> Computed { get; } = [];

    /// <summary>The posted grid, read by <see cref="ReadGrid"/> rather than model binding (which stops at 1,024 rows).</summary>
    public List<List<string?>> Cells { get; set; } = [];

    public List<int> Remove { get; set; } = [];

    public List<string?> Roles { get; set; } = [];

    [BindProperty]
    public int TableId { get; set; }

    [BindProperty]
    public string? NewCode { get; set; }

    [BindProperty]
    public string? Unit { get; set; }

    [BindProperty]
    public int? Decimals { get; set; }

    /// <summary>Decimals a table may print: whole 元 to 万元 with six places (a figure in 元 to the 分 is 0.0001 万元).</summary>
    public const int MaxDecimals = 6;

    public async Task<IActionResult> OnGetAsync(int id, int n, CancellationToken ct)
    {
        var denied = await LoadAsync(id, n, ct, reading: true);
        if (denied is not null)
        {
            return denied;
        }

        TableId = Draft.TableIds[Index];
        return Page();
    }

    public Task<IActionResult> OnPostSaveAsync(int id, int n, CancellationToken ct) => SaveAsync(id, n, null, false, ct);

    public Task<IActionResult> OnPostAddRowAsync(int id, int n, CancellationToken ct) => SaveAsync(id, n, NewCode, false, ct);

    public Task<IActionResult> OnPostTotalsAsync(int id, int n, CancellationToken ct) => SaveAsync(id, n, null, true, ct);

    /// <summary>
    /// The unit and decimals the table is printed in (defaulted from the table set). Only what the figures mean
    /// changes: the figures already entered are not converted, they are declared to be in the new unit.
    /// </summary>
    public async Task<IActionResult> OnPostUnitAsync(int id, int n, CancellationToken ct)
    {
        var denied = await LoadAsync(id, n, ct);
        if (denied is not null)
        {
            return denied;
        }

        var unit = AmountUnit.Parse(Unit);
        if (unit is null || Decimals is not (>= 0 and <= MaxDecimals))
        {
            Errors.Add(unit is null
                ? $"“{Unit}”不是可用的金额单位，请选择元、千元、万元或亿元。"
                : $"小数位数应为 0 到 {MaxDecimals} 之间的整数。");
            TableId = Draft.TableIds[Index];
            return Page();
        }

        var result = await drafts.SaveTableAsync(id, Index, Table with { Unit = unit.Name, Decimals = Decimals.Value }, TableId, "修改金额单位", ct);
        if (!result.Saved)
        {
            Errors.Add(result.Error!);
            return Page();
        }

        return RedirectToPage(new { id, n, saved = result.Changes.Count });
    }

    private async Task<IActionResult> SaveAsync(int id, int n, string? addCode, bool totalsOnly, CancellationToken ct)
    {
        var denied = await LoadAsync(id, n, ct);
        if (denied is not null)
        {
            return denied;
        }

        ReadGrid(Request.Form);
        var edited = FromForm();
        if (addCode is not null)
        {
            edited = AddRow(edited, addCode.Trim());
        }

        if (Errors.Count > 0)
        {
            Table = edited;
            Unsaved = true;
            return Page();
        }

        if (totalsOnly)
        {
            var set = Draft.Document.TableSet is null ? null : await tableSets.LoadAsync(Draft.Document.TableSet, ct);
            var (computed, changed) = ComputedTotals.Apply(edited, set?.Rules ?? []);
            Table = computed;
            foreach (var cell in changed)
            {
                Computed[(cell.Row, cell.Column)] = cell.Before;
            }

            var replaced = changed.Count(c => c.Before.Number is not null || c.Before.Text is not null);
            Message = changed.Count == 0
                ? "计算结果与表中数字一致，没有单元格改变。"
                : $"已计算合计列和各级合计行（尚未保存）：{changed.Count} 个单元格以底色标出{(replaced > 0 ? $"，其中 {replaced} 个覆盖了原填的内容（旁注“原为”）" : "")}。请核对后保存。右侧检查结果按当前表格重新计算。";
            Unsaved = changed.Count > 0;
            Report = await checks.RunAsync(Draft.Document with { Tables = [.. Draft.Document.Tables.Select((t, i) => i == Index ? Table : t)] }, ct);
            return Page();
        }

        var result = await drafts.SaveTableAsync(id, Index, edited, TableId, "填报修改", ct);
        if (!result.Saved)
        {
            Errors.Add(result.Error!);
            Table = edited;
            Unsaved = true;
            return Page();
        }

        return RedirectToPage(new { id, n, saved = result.Changes.Count });
    }

    /// <summary>
    /// <c>Cells[r][c]</c>, <c>Roles[r]</c> and <c>Remove</c> from the form, for any number of rows. Rows arrive in
    /// order of their index; a row index beyond <see cref="MaxFormValues"/> cannot be posted and is ignored.
    /// </summary>
    private void ReadGrid(IFormCollection form)
    {
        var cells = new SortedDictionary<int, SortedDictionary<int, string?>>();
        var roles = new SortedDictionary<int, string?>();
        foreach (var (key, value) in form)
        {
            if (key.StartsWith("Cells[", StringComparison.Ordinal) && Indices(key) is [var r, var c])
            {
                (cells.TryGetValue(r, out var row) ? row : cells[r] = [])[c] = value.ToString();
            }
            else if (key.StartsWith("Roles[", StringComparison.Ordinal) && Indices(key) is [var rr])
            {
                roles[rr] = value.ToString();
            }
        }

        var count = Math.Max(cells.Count == 0 ? 0 : cells.Keys.Max() + 1, roles.Count == 0 ? 0 : roles.Keys.Max() + 1);
        Cells = [.. Enumerable.Range(0, count).Select(r => cells.TryGetValue(r, out var row)
            ? Enumerable.Range(0, row.Count == 0 ? 0 : row.Keys.Max() + 1).Select(c => row.GetValueOrDefault(c)).ToList()
            : new List<string?>())];
        Roles = [.. Enumerable.Range(0, count).Select(r => roles.GetValueOrDefault(r))];
        Remove = [.. form["Remove"].Select(v => int.TryParse(v, out var r) ? r : -1).Where(r => r >= 0)];
        NewCode = form["NewCode"].FirstOrDefault();
        TableId = int.TryParse(form["TableId"], out var tableId) ? tableId : 0;

        static int[]? Indices(string key)
        {
            var parts = key.Split(['[', ']'], StringSplitOptions.RemoveEmptyEntries);
            var numbers = parts.Skip(1).Select(p => int.TryParse(p, out var n) && n is >= 0 and < MaxFormValues ? n : -1).ToArray();
            return numbers.Length > 0 && numbers.All(n => n >= 0) ? numbers : null;
        }
    }

    /// <summary>
    /// The grid as posted, numeric cells read by the same <see cref="AmountParser"/> as the importer, then checked
    /// against what the database can store (<see cref="StorageLimits"/>, shared with the importer); every problem is
    /// reported with its row and column.
    /// </summary>
    private TableDocument FromForm()
    {
        var rows = new List<RowDocument>();
        var posted = new List<int>();
        var rejected = new List<(int Row, int Column, string? Typed, string Message)>();
        for (var r = 0; r < Cells.Count; r++)
        {
            if (Remove.Contains(r))
            {
                continue;
            }

            var values = Cells[r];
            var cells = new List<CellValue>();
            for (var c = 0; c < Leaves.Count; c++)
            {
                var raw = c < values.Count ? values[c] : null;
                if (Leaves[c].IsNumeric)
                {
                    if (AmountParser.TryParseCell(raw, AmountUnit.Parse(Table.Unit), out var value, out var error))
                    {
                        cells.Add(value);
                    }
                    else
                    {
                        Errors.Add($"第 {r + 1} 行“{Shorten(RowName(values))}”，“{Leaves[c].Title}”列：{error}。");
                        rejected.Add((rows.Count, c, raw, $"{error}。"));
                        cells.Add(CellValue.Blank);
                    }
                }
                else
                {
                    cells.Add(CellValue.Of(string.IsNullOrWhiteSpace(raw) ? null : raw.Trim()));
                }
            }

            var role = r < Roles.Count && !string.IsNullOrEmpty(Roles[r]) ? Roles[r] : null;
            rows.Add(new RowDocument { Role = role is not null && RowRoles.All.Contains(role) ? role : null, Cells = cells });
            posted.Add(r);
        }

        // The level of a coded row follows from its code; a row without one keeps the level its table gave it.
        var table = RowIdentity.Apply(Table with { Rows = rows });
        table = table with
        {
            Rows = [.. table.Rows.Select((row, i) => row with
            {
                Level = row.Code is not null ? ClassificationTree.LevelOf(row.Code) : posted[i] < Table.Rows.Count ? Table.Rows[posted[i]].Level : 0,
            })],
        };
        foreach (var v in StorageLimits.Check(table, accepted: Table).Where(v => v.Row >= 0))
        {
            var r = posted[v.Row];
            Errors.Add($"第 {r + 1} 行“{Shorten(RowName(Cells[r]))}”，“{Leaves[v.Column].Title}”列：{v.Message}。");
            rejected.Add((v.Row, v.Column, v.Column < Cells[r].Count ? Cells[r][v.Column] : null, $"{v.Message}。"));
        }

        foreach (var (row, column, typed, message) in rejected)
        {
            Rejected[(row, column)] = (typed, message);
        }

        return table;

        string RowName(List<string?> values) => string.Join(" ", values.Take(Leaves.Count).Where((v, i) => !Leaves[i].IsNumeric && !string.IsNullOrWhiteSpace(v)));
    }

    private static string Shorten(string text) => text.Length > 40 ? text[..40] + "…" : text;

    private TableDocument AddRow(TableDocument table, string code)
    {
        var codeColumns = Enumerable.Range(0, Leaves.Count).Where(i => Leaves[i].Role == ColumnRoles.Code).ToList();
        var nameColumn = Enumerable.Range(0, Leaves.Count).FirstOrDefault(i => Leaves[i].Role == ColumnRoles.Name, -1);
        if (codeColumns.Count == 0 || nameColumn < 0)
        {
            Errors.Add("这张表的行不按科目编码排列，不能按编码增加行。");
            return table;
        }

        if (!code.All(char.IsAsciiDigit) || code.Length is not (3 or 5 or 7))
        {
            Errors.Add($"“{code}”不是 3、5 或 7 位的科目编码。");
            return table;
        }

        if (table.Rows.Any(r => r.Code == code))
        {
            Errors.Add($"科目 {code} 已在表中。");
            return table;
        }

        var entry = codes.Find(code);
        if (entry is null)
        {
            Errors.Add($"编码表中没有科目 {code}，请核对编码。");
            return table;
        }

        var cells = Enumerable.Repeat(CellValue.Blank, Leaves.Count).ToList();
        if (codeColumns.Count == 1)
        {
            cells[codeColumns[0]] = CellValue.Of(code);
        }
        else
        {
            // 类 / 款 / 项 in separate columns (河南): 3 + 2 + 2 digits.
            var parts = new[] { code[..3], code.Length >= 5 ? code[3..5] : null, code.Length == 7 ? code[5..7] : null };
            for (var i = 0; i < codeColumns.Count && i < parts.Length; i++)
            {
                cells[codeColumns[i]] = CellValue.Of(parts[i]);
            }
        }

        cells[nameColumn] = CellValue.Of(entry.Name);
        var row = new RowDocument { Level = ClassificationTree.LevelOf(code), Cells = cells };
        var rows = table.Rows.ToList();
        var at = rows.FindLastIndex(r => r.Code is { } c && string.CompareOrdinal(c, code) < 0);
        rows.Insert(at < 0 ? rows.Count(r => r.Role is not null) : at + 1, row);
        Message = $"已增加科目 {code} {entry.Name}。";
        return RowIdentity.Apply(table with { Rows = rows });
    }

    /// <param name="reading">A GET: whoever may read the version sees the table (read-only unless it is an editable draft).</param>
    private async Task<IActionResult?> LoadAsync(int id, int n, CancellationToken ct, bool reading = false)
    {
        var draft = await documents.LoadVersionAsync(id, ct);
        if (draft is null || n < 1 || n > draft.Document.Tables.Count)
        {
            return NotFound();
        }

        var canEdit = await access.CanEditAsync(draft.DepartmentId, ct);
        if (!canEdit && !(reading && await access.CanReadAsync(draft.DepartmentId, ct)))
        {
            return Forbid();
        }

        Draft = draft;
        ReadOnly = reading && (!canEdit || draft.Status != VersionStatus.Draft);
        Index = n - 1;
        Table = draft.Document.Tables[Index];
        Leaves = Table.Leaves();
        Report = await checks.RunAsync(draft.Document, ct);
        if (int.TryParse(Request.Query["saved"], out var saved))
        {
            Message = saved == 0 ? "没有需要保存的修改。" : $"已保存，{saved} 处修改已记入审计日志。";
        }

        if (Request.Query["refused"].Count > 0)
        {
            Errors.Add($"提交的表格超过上限（{MaxPostBytes / 1024 / 1024} MB 或 {MaxFormValues:N0} 个输入项），没有保存。请删去多余的行或分几次修改后保存。");
        }

        return null;
    }
}
