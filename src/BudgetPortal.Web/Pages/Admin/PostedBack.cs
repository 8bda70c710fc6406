namespace BudgetPortal.Web.Pages.Admin;

/// <summary>A previewed file that the confirmation form posts back (base64 in a hidden field), to be read again.</summary>
internal static class PostedBack
{
    public const string Missing = "没有收到要导入的文件，请重新上传。";

    /// <summary>The file's bytes, or null when the name or the content is missing or not base64.</summary>
    public static byte[]? Decode(string? fileName, string? content)
    {
        if (string.IsNullOrWhiteSpace(fileName) || string.IsNullOrEmpty(content))
        {
            return null;
        }

        try
        {
            var bytes = Convert.FromBase64String(content);
            return bytes.Length == 0 ? null : bytes;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
