using System.Globalization;
using System.Text.Encodings.Web;
using BudgetPortal.Web.Data.Entities;
using Microsoft.AspNetCore.Html;

namespace BudgetPortal.Web.Pages.Regions;

/// <summary>
/// The body rows of the region overview, written straight to the response (not by Razor markup): a province lists a
/// thousand departments, and a Razor row of about forty pieces, each kept in the view buffer and copied again, with its
/// indentation, was most of the page's cost. Written compactly, as <see cref="Rendering.TableHtml"/> writes disclosure
/// tables (decision 0470). Text goes through the page's encoder.
/// </summary>
public sealed class OverviewRows(IReadOnlyList<ShowModel.Row> rows) : IHtmlContent
{
    public void WriteTo(TextWriter writer, HtmlEncoder encoder)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(encoder);
        foreach (var r in rows)
        {
            writer.Write("<tr><th scope=\"row\"><a href=\"/departments/");
            writer.Write(r.DepartmentId.ToString(CultureInfo.InvariantCulture));
            writer.Write("\">");
            encoder.Encode(writer, r.Department);
            writer.Write("</a><span class=\"meta region-of\">");
            encoder.Encode(writer, r.Region);
            writer.Write("</span></th>\n<td class=\"center\">");
            if (r.Slug is not null)
            {
                writer.Write("<a href=\"/disclosures/");
                encoder.Encode(writer, r.Slug);
                writer.Write(r.Kind == DisclosureKind.Final ? "\"><span class=\"kind-badge final\">" : "\"><span class=\"kind-badge budget\">");
                writer.Write(r.KindLabel);
                writer.Write("</span></a>");
            }

            writer.Write("</td>");
            Amount(writer, r.Figures.TotalIncome);
            Amount(writer, r.Figures.TotalExpenditure);
            Amount(writer, r.Figures.Basic);
            Amount(writer, r.Figures.Project);
            Amount(writer, r.Figures.ThreePublic);
            writer.Write("\n<td class=\"checks-cell\">");
            if (r.Slug is not null)
            {
                writer.Write("<a href=\"/disclosures/");
                encoder.Encode(writer, r.Slug);
                writer.Write(r.Errors > 0 ? "/checks\" class=\"check-counts has-errors\">" : r.Rounding > 0 ? "/checks\" class=\"check-counts has-rounding\">" : "/checks\" class=\"check-counts all-pass\">");
                writer.Write("<span data-count=\"passed\">");
                writer.Write(Number(r.Passed));
                writer.Write(" 通过</span> · <span data-count=\"rounding\">");
                writer.Write(Number(r.Rounding));
                writer.Write(" 尾差</span> · <span data-count=\"errors\">");
                writer.Write(Number(r.Errors));
                writer.Write(" 不一致</span></a>");
            }

            writer.Write("</td>\n<td>");
            encoder.Encode(writer, r.Status);
            if (r.PublishedAt is { } at)
            {
                writer.Write("<br /><span class=\"meta\">");
                writer.Write(at.ToLocalTime().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                writer.Write(" 公开");
                if (r.ApprovedOn is { } approved)
                {
                    writer.Write("，");
                    writer.Write(approved.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                    writer.Write(" 批复");
                }

                writer.Write("</span>");
            }

            writer.Write("</td></tr>\n");
        }
    }

    private static string Number(int? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "";

    private static void Amount(TextWriter writer, decimal? value)
    {
        writer.Write("<td class=\"num\">");
        writer.Write(ShowModel.Amount(value));
        writer.Write("</td>");
    }
}
