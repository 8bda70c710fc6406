using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace BudgetPortal.Web.Hosting;

/// <summary>
/// Starts a private PostgreSQL server from the machine's binaries (initdb, pg_ctl) in a data folder, on a free
/// loopback port, with a generated password. Used by the app when no connection string is configured, and by the
/// tests. The server keeps PostgreSQL's durability defaults (fsync, synchronous_commit, full_page_writes): a save
/// confirmed to a user survives a crash. Only the caller may add settings (the test fixture trades durability for
/// speed through <c>serverSettings</c>).
/// <para>One process per data folder: <see cref="Start"/> first takes <see cref="DataFolderLock"/> and refuses, touching
/// nothing, when another process holds it. Survives a previous crash: a server left running by a killed app is
/// stopped, and after a killed server start-up waits until its processes are gone before starting again.</para>
/// When the process runs as root, the server runs as the <c>postgres</c> user (initdb refuses root).
/// </summary>
public sealed class EmbeddedPostgres : IDisposable
{
    private const string SuperUser = "portal";
    private readonly string _root;
    private readonly string _binDir;
    private readonly ILogger _logger;
    private readonly IReadOnlyDictionary<string, string> _serverSettings;
    private DataFolderLock? _folderLock;
    private string? _password;
    private bool _started;

    public EmbeddedPostgres(string dataPath, string? binDir = null, ILogger? logger = null, IReadOnlyDictionary<string, string>? serverSettings = null)
    {
        _root = Path.GetFullPath(dataPath);
        _binDir = binDir ?? FindBinDir();
        _logger = logger ?? NullLogger.Instance;
        _serverSettings = serverSettings ?? new Dictionary<string, string>();
    }

    /// <summary>How long start-up waits for the processes of a killed server to end, and for crash recovery.</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromMinutes(10);

    public string BinDir => _binDir;

    public string ClusterDir => Path.Combine(_root, "pg");
    public int Port { get; private set; }
    private string PasswordFile => Path.Combine(_root, "pg-password");
    private string LogFile => Path.Combine(_root, "pg.log");
    private static bool IsRoot => Environment.UserName == "root" || Environment.GetEnvironmentVariable("USER") == "root";

    /// <summary>
    /// Connection string for a database on this server (the server must be started). The portal's own server, used only
    /// by it: statements used often are prepared once per connection (Max Auto Prepare), and a connection goes back to
    /// the pool without a reset statement sent with the next command (No Reset On Close) — the portal keeps no session
    /// state (its advisory locks are transaction-scoped, or released explicitly at start-up). Decision 0460.
    /// </summary>
    public string ConnectionString(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = _started ? Port : throw new InvalidOperationException("内置数据库尚未启动。"),
        Username = SuperUser,
        Password = _password ??= File.ReadAllText(PasswordFile).Trim(),
        Database = database,
        Pooling = true,
        MaxPoolSize = 50,
        MaxAutoPrepare = 64,
        NoResetOnClose = true,
    }.ConnectionString;

    /// <summary>
    /// The connection string of a server that another process (a running portal) started in this data folder: its
    /// port from <c>postmaster.pid</c>, its password from <c>pg-password</c>.
    /// </summary>
    public static string RunningConnectionString(string dataPath, string database)
    {
        var root = Path.GetFullPath(dataPath);
        var lines = File.ReadAllLines(Path.Combine(root, "pg", "postmaster.pid"));
        return new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = int.Parse(lines[3], System.Globalization.CultureInfo.InvariantCulture),
            Username = SuperUser,
            Password = File.ReadAllText(Path.Combine(root, "pg-password")).Trim(),
            Database = database,
        }.ConnectionString;
    }

    public static string FindBinDir()
    {
        var configured = Environment.GetEnvironmentVariable("PORTAL_PG_BIN");
        if (!string.IsNullOrEmpty(configured) && File.Exists(Path.Combine(configured, "pg_ctl")))
        {
            return configured;
        }

        const string debianRoot = "/usr/lib/postgresql";
        if (Directory.Exists(debianRoot))
        {
            var best = Directory.GetDirectories(debianRoot)
                .Select(d => (dir: Path.Combine(d, "bin"), version: int.TryParse(Path.GetFileName(d), out var v) ? v : 0))
                .Where(x => File.Exists(Path.Combine(x.dir, "pg_ctl")))
                .OrderByDescending(x => x.version)
                .FirstOrDefault();
            if (best.dir is not null)
            {
                return best.dir;
            }
        }

        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':'))
        {
            if (File.Exists(Path.Combine(dir, "pg_ctl")))
            {
                return dir;
            }
        }

        throw new InvalidOperationException(
            "找不到 PostgreSQL 服务器程序（pg_ctl、initdb）。请安装 postgresql（Debian：apt-get install postgresql），" +
            "或设置环境变量 PORTAL_PG_BIN，或配置 ConnectionStrings:Portal 使用外部数据库。");
    }

    /// <summary>
    /// Takes the data folder's lock, then creates the cluster if needed, clears up after a crashed run and starts the
    /// server. Throws <see cref="DataFolderInUseException"/> (having touched nothing) when another process holds the folder.
    /// </summary>
    public void Start()
    {
        Directory.CreateDirectory(_root);
        _folderLock ??= DataFolderLock.Acquire(_root);
        try
        {
            MakeReachableForServerUser();
            if (!File.Exists(Path.Combine(ClusterDir, "PG_VERSION")))
            {
                InitCluster();
            }

            ClearUpAfterEarlierRun();
            Port = FreePort();
            var settings = _serverSettings.Aggregate(
                $"-p {Port} -c listen_addresses=127.0.0.1 -c unix_socket_directories='' -c max_connections=200",
                (options, s) => options + $" -c {s.Key}={s.Value}");
            RunPg("pg_ctl", $"start -w -t {(int)StartTimeout.TotalSeconds} -D \"{ClusterDir}\" -l \"{LogFile}\" -o \"{settings}\"");
        }
        catch
        {
            ReleaseFolderLock();
            throw;
        }

        _started = true;
        _logger.LogInformation("Embedded PostgreSQL started on 127.0.0.1:{Port} with data in {Dir}", Port, ClusterDir);
    }

    /// <summary>Creates the database if it does not exist.</summary>
    public void EnsureDatabase(string database)
    {
        using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        connection.Open();
        using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @n", connection);
        exists.Parameters.AddWithValue("n", database);
        if (exists.ExecuteScalar() is null)
        {
            using var create = new NpgsqlCommand($"CREATE DATABASE \"{database.Replace("\"", "", StringComparison.Ordinal)}\" ENCODING 'UTF8' TEMPLATE template0", connection);
            create.ExecuteNonQuery();
        }
    }

    public void Stop()
    {
        if (!_started)
        {
            ReleaseFolderLock();
            return;
        }

        _started = false;
        NpgsqlConnection.ClearAllPools();
        try
        {
            RunPg("pg_ctl", $"stop -w -t 60 -m fast -D \"{ClusterDir}\"");
            _logger.LogInformation("Embedded PostgreSQL stopped");
        }
        catch (InvalidOperationException ex)
        {
            _logger.LogWarning(ex, "Embedded PostgreSQL did not stop cleanly");
        }
        finally
        {
            ReleaseFolderLock();
        }
    }

    public void Dispose() => Stop();

    /// <summary>
    /// Lets go of the data folder without stopping the server, as the death of this process would: for tests that
    /// play a killed app.
    /// </summary>
    internal void ReleaseFolderLock()
    {
        _folderLock?.Dispose();
        _folderLock = null;
    }

    /// <summary>The ids of the live processes of this cluster (the postmaster and its children all run in its folder).</summary>
    public IReadOnlyList<int> ServerProcessIds() => ServerProcesses.InFolder(ClusterDir);

    private void InitCluster()
    {
        if (Directory.Exists(ClusterDir))
        {
            // A half-made cluster from an interrupted initdb: start again.
            Directory.Delete(ClusterDir, recursive: true);
        }

        var password = Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant();
        File.WriteAllText(PasswordFile, password);
        File.SetUnixFileMode(PasswordFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var pwFile = Path.Combine(_root, "pg-initpw");
        File.WriteAllText(pwFile, password);
        try
        {
            if (IsRoot)
            {
                Chown(pwFile);
            }

            Directory.CreateDirectory(ClusterDir);
            if (IsRoot)
            {
                Chown(ClusterDir);
            }

            RunPg("initdb", $"-D \"{ClusterDir}\" -U {SuperUser} --pwfile=\"{pwFile}\" --auth=scram-sha-256 -E UTF8 --locale=C.UTF-8");
        }
        finally
        {
            File.Delete(pwFile);
        }
    }

    /// <summary>
    /// We hold the folder's lock, so any server process still in the cluster's folder was left by an earlier run of
    /// ours that died. A live postmaster is stopped cleanly. The children of a killed postmaster linger a moment
    /// (they notice its death and exit; a new server must not start while they still hold the old shared memory), so
    /// start-up waits for them to be gone rather than failing, then removes the stale postmaster.pid.
    /// </summary>
    private void ClearUpAfterEarlierRun()
    {
        var pidFile = Path.Combine(ClusterDir, "postmaster.pid");
        if (!File.Exists(pidFile))
        {
            return;
        }

        var postmaster = int.TryParse(File.ReadLines(pidFile).FirstOrDefault(), out var pid) ? pid : 0;
        if (ServerProcessIds().Contains(postmaster))
        {
            _logger.LogWarning("A PostgreSQL server from an earlier run is still running in {Dir}: stopping it", ClusterDir);
            // It may die on its own while pg_ctl waits (then pg_ctl reports failure): the wait below covers both.
            Run(Path.Combine(_binDir, "pg_ctl"), $"stop -w -t {(int)StartTimeout.TotalSeconds} -m fast -D \"{ClusterDir}\"", asServerUser: IsRoot, throwOnError: false);
        }

        // Real processes on a real clock: a monotonic stopwatch, not the wall clock (which may jump).
        var waited = Stopwatch.StartNew();
        var left = ServerProcessIds();
        if (left.Count > 0)
        {
            _logger.LogWarning("Waiting for the processes of a killed PostgreSQL server to end: {Pids}", left);
        }

        for (; left.Count > 0; left = ServerProcessIds())
        {
            if (waited.Elapsed > StartTimeout)
            {
                throw new InvalidOperationException(
                    $"上次运行留下的数据库进程（{string.Join("、", left)}）在 {StartTimeout.TotalSeconds:0} 秒内没有退出，无法启动内置数据库。请结束这些进程后重试。");
            }

            Thread.Sleep(200);
        }

        if (File.Exists(pidFile))
        {
            _logger.LogWarning("Removing a stale postmaster.pid left by an earlier run");
            File.Delete(pidFile);
        }
    }

    private void MakeReachableForServerUser()
    {
        if (!IsRoot)
        {
            return;
        }

        Chown(_root);

        // The postgres user must be able to traverse every ancestor of the data folder (e.g. a checkout under /root).
        for (var dir = Path.GetDirectoryName(_root); !string.IsNullOrEmpty(dir); dir = Path.GetDirectoryName(dir))
        {
            var mode = File.GetUnixFileMode(dir);
            if (!mode.HasFlag(UnixFileMode.OtherExecute))
            {
                _logger.LogWarning("Granting traverse permission (o+x) on {Dir} so that the postgres user reaches the data folder", dir);
                File.SetUnixFileMode(dir, mode | UnixFileMode.OtherExecute);
            }
        }
    }

    private static void Chown(string path) => Run("chown", $"postgres:postgres \"{path}\"", asServerUser: false, throwOnError: true);

    private void RunPg(string tool, string arguments) =>
        Run(Path.Combine(_binDir, tool), arguments, asServerUser: IsRoot, throwOnError: true);

    private static (int ExitCode, string Output) Run(string file, string arguments, bool asServerUser, bool throwOnError)
    {
        var start = asServerUser
            ? new ProcessStartInfo("runuser", $"-u postgres -- \"{file}\" {arguments}")
            : new ProcessStartInfo(file, arguments);
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        start.WorkingDirectory = "/";
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"无法启动 {file}");

        // pg_ctl start leaves the server holding inherited pipes open: read them asynchronously and do not wait for EOF.
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        var output = (stdout.Wait(TimeSpan.FromSeconds(2)) ? stdout.Result : "") + (stderr.Wait(TimeSpan.FromSeconds(2)) ? stderr.Result : "");
        if (throwOnError && process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Path.GetFileName(file)} {arguments} 失败（退出码 {process.ExitCode}）：{output}");
        }

        return (process.ExitCode, output);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
