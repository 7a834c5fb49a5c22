using System.Collections.Concurrent;
using System.Text.Json;
using Akka.Actor;
using Akka.Configuration;
using Akka.Event;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;
using Sam3.Raster.Actors.Hosting;
using Sam3.Raster.TestSupport;

namespace Sam3.Raster.Actors.Tests.Hosting;

/// <summary>A node logs through Microsoft.Extensions.Logging; its console lines can be JSON.</summary>
public sealed class NodeLoggingTests
{
    [Fact]
    public async Task Akka_log_events_of_a_node_go_to_the_hosts_logger_factory()
    {
        using var temp = new TempDirectory("sam3r-logging");
        var capture = new CapturingProvider();
        using var host = new HostBuilder()
            .ConfigureLogging(logging => logging.AddProvider(capture))
            .ConfigureServices(services => services.AddSam3Node(Sam3NodeOptions.Embedded(temp.File("state.db"))))
            .Build();
        await host.StartAsync(TestContext.Current.CancellationToken);
        var system = host.Services.GetRequiredService<ActorSystem>();
        Assert.Equal(Akka.Event.LogLevel.WarningLevel, system.EventStream.LogLevel);

        system.Log.Warning("sam3r logging marker {0}", 42);
        system.Log.Info("below the node's level");
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!capture.Lines.Any(l => l.Message.Contains("sam3r logging marker 42", StringComparison.Ordinal)))
        {
            Assert.True(DateTime.UtcNow < deadline, "the warning never reached the logger factory");
            await Task.Delay(20, TestContext.Current.CancellationToken);
        }

        Assert.Contains(capture.Lines, l => l.Level == Microsoft.Extensions.Logging.LogLevel.Warning && l.Message.Contains("marker 42", StringComparison.Ordinal));
        Assert.DoesNotContain(capture.Lines, l => l.Message.Contains("below the node's level", StringComparison.Ordinal));
        await host.StopAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task The_settings_file_still_sets_akkas_log_level()
    {
        using var temp = new TempDirectory("sam3r-loglevel");
        var options = Sam3NodeOptions.Embedded(temp.File("state.db")) with { Hocon = ConfigurationFactory.ParseString("akka.loglevel = INFO") };
        using var host = new HostBuilder().ConfigureServices(services => services.AddSam3Node(options)).Build();
        await host.StartAsync(TestContext.Current.CancellationToken);
        Assert.Equal(Akka.Event.LogLevel.InfoLevel, host.Services.GetRequiredService<ActorSystem>().EventStream.LogLevel);
        await host.StopAsync(TestContext.Current.CancellationToken);
    }

    [Theory]
    [InlineData("sam3r.logging.format = json", null, "json")]
    [InlineData("", "json", "json")]
    [InlineData("sam3r.logging.format = json", "text", "simple")]
    [InlineData("", null, "simple")]
    public void The_console_format_comes_from_the_option_else_the_settings(string hocon, string? option, string formatter)
    {
        using var services = new ServiceCollection()
            .AddLogging(logging => logging.AddSam3Console(ConfigurationFactory.ParseString(hocon), option))
            .BuildServiceProvider();
        var console = services.GetRequiredService<IOptionsMonitor<ConsoleLoggerOptions>>().CurrentValue;
        Assert.Equal(formatter, console.FormatterName);
        Assert.Equal(Microsoft.Extensions.Logging.LogLevel.Trace, console.LogToStandardErrorThreshold);
    }

    [Fact]
    public void A_json_log_line_is_one_json_object_with_level_category_and_message()
    {
        using var services = new ServiceCollection()
            .AddLogging(logging => logging.AddSam3Console(format: "json"))
            .BuildServiceProvider();
        var json = services.GetServices<ConsoleFormatter>().Single(f => f.Name == ConsoleFormatterNames.Json);
        using var writer = new StringWriter();
        var entry = new LogEntry<string>(Microsoft.Extensions.Logging.LogLevel.Warning, "Akka.Actor.ActorSystem", default, "tile 3 failed", null, (s, _) => s);
        json.Write(in entry, new LoggerExternalScopeProvider(), writer);

        using var line = JsonDocument.Parse(writer.ToString());
        Assert.Equal("Warning", line.RootElement.GetProperty("LogLevel").GetString());
        Assert.Equal("Akka.Actor.ActorSystem", line.RootElement.GetProperty("Category").GetString());
        Assert.Equal("tile 3 failed", line.RootElement.GetProperty("Message").GetString());
        Assert.True(line.RootElement.TryGetProperty("Timestamp", out _));
        Assert.Throws<ArgumentException>(() => Sam3Logging.ParseFormat("xml"));
    }

    private sealed class CapturingProvider : ILoggerProvider
    {
        public ConcurrentQueue<(Microsoft.Extensions.Logging.LogLevel Level, string Category, string Message)> Lines { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

        public void Dispose()
        {
        }

        private sealed class Logger(CapturingProvider owner, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(Microsoft.Extensions.Logging.LogLevel logLevel) => true;

            public void Log<TState>(Microsoft.Extensions.Logging.LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                owner.Lines.Enqueue((logLevel, category, formatter(state, exception)));
        }
    }
}
