using Akka.Configuration;
using Akka.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Sam3.Raster.Actors.Hosting;

/// <summary>How a node writes its log lines: plain single lines, or one JSON object per line (log collectors).</summary>
public enum LogFormat
{
    Text,
    Json,
}

/// <summary>
/// Logging of a node through Microsoft.Extensions.Logging: Akka's log events go to the host's
/// <see cref="ILoggerFactory"/> (Akka.Hosting's logger integration), and the console provider writes
/// them to stderr as text or JSON (<c>sam3r.logging.format</c>, or the command's <c>--log-format</c>).
/// </summary>
public static class Sam3Logging
{
    /// <summary>Settings key of the console format: <c>text</c> (default) or <c>json</c>.</summary>
    public const string FormatKey = "sam3r.logging.format";

    /// <summary>
    /// Akka logs through the host's <see cref="ILoggerFactory"/> only (from <paramref name="services"/>,
    /// without the lines of <see cref="ExpectedDisconnects"/>), from warnings up unless
    /// <c>akka.loglevel</c> says otherwise.
    /// </summary>
    public static AkkaConfigurationBuilder WithSam3Logging(this AkkaConfigurationBuilder builder, IServiceProvider services) =>
        builder.ConfigureLoggers(setup =>
        {
            setup.LogLevel = Akka.Event.LogLevel.WarningLevel;
            setup.ClearLoggers();
            setup.AddLoggerFactory(ExpectedDisconnects.Without(services.GetRequiredService<ILoggerFactory>()));
        });

    public static LogFormat ParseFormat(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        null or "" or "text" => LogFormat.Text,
        "json" => LogFormat.Json,
        _ => throw new ArgumentException($"unknown log format '{value}': use text or json", nameof(value)),
    };

    /// <summary>
    /// The console provider for a node's host: every line to stderr (stdout stays for results and
    /// progress), formatted as <paramref name="format"/>, else as the settings' <see cref="FormatKey"/>.
    /// </summary>
    public static ILoggingBuilder AddSam3Console(this ILoggingBuilder logging, Config? settings = null, string? format = null)
    {
        var chosen = ParseFormat(format ?? (settings is { IsEmpty: false } ? settings.GetString(FormatKey, null) : null));
        logging.ClearProviders();
        logging.AddConsole(options => options.LogToStandardErrorThreshold = LogLevel.Trace);
        if (chosen == LogFormat.Json)
        {
            logging.AddJsonConsole(options =>
            {
                options.UseUtcTimestamp = true;
                options.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
            });
        }
        else
        {
            logging.AddSimpleConsole(options =>
            {
                options.SingleLine = true;
                options.TimestampFormat = "HH:mm:ss ";
            });
        }

        return logging;
    }
}
