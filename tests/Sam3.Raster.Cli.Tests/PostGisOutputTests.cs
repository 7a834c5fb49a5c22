using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Npgsql;
using Sam3.Inference.ContractModels;
using Sam3.Raster.Geometry.Output;
using Sam3.Raster.Tiling.Synthetic;
using Sam3.Raster.TestSupport;

namespace Sam3.Raster.Cli.Tests;

/// <summary>
/// <c>sam3r run --out postgresql://…?table=NAME</c> against a real PostgreSQL with PostGIS
/// (scripts/start-test-postgres.sh), read back with psql: the table is created with the scene's SRID
/// and a GIST index, holds exactly the job's features once (after a kill and resume, and after a
/// re-run), and every failure is one line that names host and port and never the password.
/// </summary>
public sealed class PostGisOutputTests(PostgreSqlFixture postgres, ColorSceneFixture scene)
    : IClassFixture<PostgreSqlFixture>, IClassFixture<ColorSceneFixture>
{
    private const string Secret = "s3cr3t-pw-7d41";

    [Fact]
    public async Task A_killed_then_resumed_job_leaves_no_partial_table_fills_a_new_PostGIS_table_once_and_a_rerun_replaces_its_rows_without_doubling()
    {
        using var temp = new TempDirectory("sam3r-postgis");
        string database = Database(await postgres.NewDatabaseAsync());
        string model = temp.File("heavy.onnx");
        ContractModelFactory.WriteHeavyModel(model);
        string scenePath = SyntheticScene.Scaled(6000).Write(temp.File("scene.tif"));
        string[] args =
        [
            "run", "--input", scenePath, "--prompt", "red", "--prompt", "blue", "--model", model,
            "--out", temp.File("out.parquet"), "--out", Uri(database, "detections"),
            "--batch", "1", "--max-in-flight", "1", "--json",
        ];

        // Killed soon after its work folder appears (tiles may all be done by then: where the kill lands varies).
        string work = temp.File("out.parquet.sam3r-state.db.work");
        using (var child = Start(args))
        {
            try
            {
                var clock = Stopwatch.StartNew();
                while (!Directory.Exists(work))
                {
                    Assert.False(child.HasExited, "the job ended before it could be killed: " + await child.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken));
                    Assert.True(clock.Elapsed < TimeSpan.FromMinutes(5), "the job did not start in time");
                    await Task.Delay(10, TestContext.Current.CancellationToken);
                }

                await Task.Delay(500, TestContext.Current.CancellationToken);
            }
            finally
            {
                child.Kill(); // SIGKILL mid-way; also a child left behind by a failed wait
                await child.WaitForExitAsync(TestContext.Current.CancellationToken);
            }
        }

        string afterKill = Psql(database, "SELECT count(*) FROM pg_tables WHERE tablename = 'detections'");
        string rowsAfterKill = afterKill == "0" ? "no table" : Psql(database, "SELECT count(*) || ' rows' FROM detections");

        var resumed = Sam3r([.. args, "--resume"]);
        Assert.True(resumed.ExitCode == 0, resumed.StdErr);
        using (var summary = JsonDocument.Parse(resumed.StdOut))
        {
            Assert.True(summary.RootElement.GetProperty("tilesDoneBefore").GetInt32() + summary.RootElement.GetProperty("tilesRunNow").GetInt32() > 0, resumed.StdOut);
        }

        var features = GeoParquetFeatures.Read(temp.File("out.parquet"));
        Assert.NotEmpty(features);

        // Never half-written: the kill left no table, or (when the job had committed just before it) every row.
        Assert.True(afterKill == "0" || rowsAfterKill == $"{features.Count} rows", $"the killed run left a partial table ({rowsAfterKill} of {features.Count})");
        AssertTableHolds(database, features, jobs: 1);

        // The same job again from the start: its rows are replaced in one transaction, not added.
        string firstIds = Psql(database, "SELECT string_agg(id::text, ',' ORDER BY id) FROM detections");
        var rerun = Sam3r(args);
        Assert.True(rerun.ExitCode == 0, rerun.StdErr);
        AssertTableHolds(database, features, jobs: 1);
        Assert.Equal(firstIds, Psql(database, "SELECT string_agg(id::text, ',' ORDER BY id) FROM detections"));
    }

    [Fact]
    public async Task A_database_without_PostGIS_that_the_user_may_not_extend_is_one_line_before_any_tile()
    {
        using var temp = new TempDirectory("sam3r-nopostgis");
        string database = Database(await postgres.NewDatabaseAsync());
        Psql(database, "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'sam3r_plain_user') THEN CREATE ROLE sam3r_plain_user LOGIN; END IF; END $$");

        var r = Sam3r(["run", "--input", scene.ScenePath, "--prompt", "red", "--model", scene.ModelPath, "--out", Uri(database, "detections", "sam3r_plain_user")], temp);

        string line = OneErrorLine(r);
        Assert.Contains($"PostgreSQL database {database} at {postgres.Server.Host}:{postgres.Server.Port} has no PostGIS and user sam3r_plain_user cannot create it", line);
        Assert.Empty(Directory.GetFileSystemEntries(temp.Path));
    }

    [Fact]
    public void An_unreachable_server_is_one_line_naming_host_and_port_without_the_password()
    {
        using var temp = new TempDirectory("sam3r-pg-down");
        int port = TestPorts.Free();

        var r = Sam3r(
            ["run", "--input", scene.ScenePath, "--prompt", "red", "--model", scene.ModelPath, "--out", $"postgresql://someone@127.0.0.1:{port}/nowhere?table=detections"],
            temp,
            new Dictionary<string, string?> { ["PGPASSWORD"] = Secret });

        string line = OneErrorLine(r);
        Assert.Contains($"cannot connect to PostgreSQL at 127.0.0.1:{port}", line);
        Assert.DoesNotContain(Secret, r.StdErr + r.StdOut);
        Assert.Empty(Directory.GetFileSystemEntries(temp.Path));
    }

    [Fact]
    public async Task The_password_comes_from_PGPASSWORD_or_the_pgpass_file_and_a_wrong_one_is_never_echoed()
    {
        using var temp = new TempDirectory("sam3r-pg-password");
        string database = Database(await postgres.NewDatabaseAsync());
        Psql(database, $"DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'sam3r_password_user') THEN CREATE ROLE sam3r_password_user LOGIN SUPERUSER; END IF; END $$; ALTER ROLE sam3r_password_user PASSWORD '{Secret}'");
        // A few tiles: three runs stay short on a loaded machine.
        string small = SyntheticScene.Scaled(1500).Write(temp.File("small.tif"));
        string[] args = ["run", "--input", small, "--prompt", "red", "--model", scene.ModelPath, "--out", Uri(database, "detections", "sam3r_password_user")];
        string pgpass = temp.File("pgpass");
        await File.WriteAllTextAsync(pgpass, $"*:*:*:sam3r_password_user:{Secret}\n", TestContext.Current.CancellationToken);
        ProcessRunner.RunChecked("chmod", "600", pgpass);
        string wrong = Secret + "-wrong";

        var refused = Sam3r(args, temp, new Dictionary<string, string?> { ["PGPASSWORD"] = wrong, ["PGPASSFILE"] = null });
        var fromEnvironment = Sam3r(args, temp, new Dictionary<string, string?> { ["PGPASSWORD"] = Secret, ["PGPASSFILE"] = null });
        var fromFile = Sam3r(args, temp, new Dictionary<string, string?> { ["PGPASSWORD"] = null, ["PGPASSFILE"] = pgpass });

        string line = OneErrorLine(refused);
        Assert.Contains($"{postgres.Server.Host}:{postgres.Server.Port}", line);
        Assert.Contains("password authentication failed", line);
        Assert.DoesNotContain(wrong, refused.StdErr + refused.StdOut);
        foreach (var ok in new[] { fromEnvironment, fromFile })
        {
            Assert.True(ok.ExitCode == 0, ok.StdErr);
            Assert.DoesNotContain(Secret, ok.StdErr + ok.StdOut);
        }

        Assert.Equal(Psql(database, "SELECT count(DISTINCT id) FROM detections"), Psql(database, "SELECT count(*) FROM detections"));
        Assert.NotEqual("0", Psql(database, "SELECT count(*) FROM detections"));
    }

    /// <summary>psql's view of the table against the parquet written beside it by the same job.</summary>
    private void AssertTableHolds(string database, IReadOnlyList<(NetTopologySuite.Geometries.Geometry Geometry, string Prompt)> features, int jobs)
    {
        Assert.Equal(features.Count.ToString(CultureInfo.InvariantCulture), Psql(database, "SELECT count(*) FROM detections"));
        Assert.Equal(jobs.ToString(CultureInfo.InvariantCulture), Psql(database, "SELECT count(DISTINCT job) FROM detections"));
        Assert.Equal($"1|{features.Count}|{features.Count}", Psql(database, "SELECT min(id), max(id), count(DISTINCT id) FROM detections"));
        Assert.Equal(SyntheticScene.Epsg.ToString(CultureInfo.InvariantCulture), Psql(database, "SELECT Find_SRID('public', 'detections', 'geometry')"));
        Assert.Equal(SyntheticScene.Epsg.ToString(CultureInfo.InvariantCulture), Psql(database, "SELECT string_agg(DISTINCT ST_SRID(geometry)::text, ',') FROM detections"));
        Assert.Equal("0", Psql(database, "SELECT count(*) FROM detections WHERE NOT ST_IsValid(geometry)"));
        Assert.Equal("1", Psql(database, "SELECT count(*) FROM pg_indexes WHERE tablename = 'detections' AND indexdef LIKE '%USING gist (geometry)%'"));
        foreach (var prompt in features.Select(f => f.Prompt).Distinct())
        {
            double area = features.Where(f => f.Prompt == prompt).Sum(f => f.Geometry.Area);
            double stored = double.Parse(Psql(database, $"SELECT sum(ST_Area(geometry)) FROM detections WHERE prompt = '{prompt}'"), CultureInfo.InvariantCulture);
            Assert.Equal(area, stored, area * 1e-9);
        }
    }

    private static string Database(string connectionString) => new NpgsqlConnectionStringBuilder(connectionString).Database!;

    private string Uri(string database, string table, string user = "postgres") =>
        $"postgresql://{user}@{postgres.Server.Host}:{postgres.Server.Port}/{database}?table={table}";

    /// <summary>psql as the independent reader: one value (or |-separated values) of one row.</summary>
    private string Psql(string database, string sql) =>
        ProcessRunner.RunChecked("psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", postgres.Server.Host!, "-p", postgres.Server.Port.ToString(CultureInfo.InvariantCulture),
            "-U", "postgres", "-d", database, "-At", "-c", sql).Trim();

    private static string OneErrorLine(ProcessResult r)
    {
        Assert.Equal(2, r.ExitCode);
        string line = Assert.Single(r.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("sam3r: error: ", line);
        return line;
    }

    private static string Sam3rDll => Path.Combine(AppContext.BaseDirectory, "sam3r.dll");

    private static ProcessResult Sam3r(IEnumerable<string> args, TempDirectory? folder = null, IReadOnlyDictionary<string, string?>? environment = null) =>
        ProcessRunner.Run("dotnet", [Sam3rDll, .. args], TimeSpan.FromMinutes(6), folder?.Path, environment);

    private static Process Start(IEnumerable<string> args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        info.ArgumentList.Add(Sam3rDll);
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        return Process.Start(info)!;
    }
}
