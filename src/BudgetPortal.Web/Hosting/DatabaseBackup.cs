using System.Diagnostics;
using Npgsql;

namespace BudgetPortal.Web.Hosting;

/// <summary>
/// <c>backup &lt;file&gt;</c> and <c>restore &lt;file&gt;</c>: the portal's database in PostgreSQL's custom format, with
/// the machine's <c>pg_dump</c> and <c>pg_restore</c>. The database is the one the portal would use with the same
/// settings: <c>ConnectionStrings:Portal</c>, or else the embedded server in <c>Portal:DataPath</c>. A backup of the
/// embedded database is taken from the running portal's server when one is running (pg_dump reads one consistent
/// snapshot while the portal serves), else from a server started for the purpose. A restore replaces everything in
/// the target database in one transaction (nothing changes if it fails) and, for the embedded database, needs the
/// portal stopped.
/// </summary>
public static class DatabaseBackup
{
    public static int Backup(string file, IConfiguration configuration) =>
        WithDatabase(configuration, needsExclusiveUse: false, (binDir, connectionString) =>
        {
            Run(binDir, "pg_dump", connectionString, ["--format=custom", "--no-owner", "--no-privileges", $"--file={Path.GetFullPath(file)}"]);
            Console.WriteLine($"已备份到 {Path.GetFullPath(file)}（{new FileInfo(file).Length:N0} 字节）。");
        });

    public static int Restore(string file, IConfiguration configuration)
    {
        if (!File.Exists(file))
        {
            Console.Error.WriteLine($"找不到备份文件 {file}。");
            return 1;
        }

        return WithDatabase(configuration, needsExclusiveUse: true, (binDir, connectionString) =>
        {
            Run(binDir, "pg_restore", connectionString,
                ["--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction", "--exit-on-error", Path.GetFullPath(file)]);
            Console.WriteLine($"已从 {Path.GetFullPath(file)} 恢复数据库。");
        });
    }

    private static int WithDatabase(IConfiguration configuration, bool needsExclusiveUse, Action<string, string> action)
    {
        try
        {
            var external = configuration.GetConnectionString("Portal");
            if (!string.IsNullOrWhiteSpace(external))
            {
                action(EmbeddedPostgres.FindBinDir(), external);
                return 0;
            }

            var options = configuration.GetSection(PortalOptions.Section).Get<PortalOptions>() ?? new PortalOptions();
            var dataPath = Path.GetFullPath(options.DataPath);
            using var server = new EmbeddedPostgres(dataPath);
            try
            {
                server.Start();
            }
            catch (DataFolderInUseException) when (!needsExclusiveUse)
            {
                action(server.BinDir, EmbeddedPostgres.RunningConnectionString(dataPath, PortalDatabase.EmbeddedDatabaseName));
                return 0;
            }

            server.EnsureDatabase(PortalDatabase.EmbeddedDatabaseName);
            action(server.BinDir, server.ConnectionString(PortalDatabase.EmbeddedDatabaseName));
            return 0;
        }
        catch (DataFolderInUseException ex)
        {
            Console.Error.WriteLine(ex.Message);
            Console.Error.WriteLine("恢复会替换门户的全部数据：请先停止使用这个数据目录的门户，再恢复。");
            return 3;
        }
        catch (InvalidOperationException ex)
        {
            Console.Error.WriteLine(ex.Message);
            return 1;
        }
    }

    /// <summary>Runs pg_dump or pg_restore against the database of the connection string (password through the environment).</summary>
    private static void Run(string binDir, string tool, string connectionString, IEnumerable<string> arguments)
    {
        var target = new NpgsqlConnectionStringBuilder(connectionString);
        var start = new ProcessStartInfo(Path.Combine(binDir, tool))
        {
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add($"--host={target.Host}");
        start.ArgumentList.Add($"--port={target.Port}");
        start.ArgumentList.Add($"--username={target.Username}");
        start.ArgumentList.Add($"--dbname={target.Database}");
        start.ArgumentList.Add("--no-password");
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["PGPASSWORD"] = target.Password ?? "";
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"无法启动 {tool}");
        var errors = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{tool} 失败（退出码 {process.ExitCode}）：{errors.Trim()}");
        }
    }
}
