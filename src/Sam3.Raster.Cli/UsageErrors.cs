using System.CommandLine;
using System.CommandLine.Invocation;

namespace Sam3.Raster.Cli;

/// <summary>
/// A command line that does not parse (a required option left out, an unknown option, a value of
/// the wrong type) is one line naming the problem and where the help is, exit code 2 — not the
/// whole help text, which buries the one line that matters.
/// </summary>
internal static class UsageErrors
{
    /// <summary>True when <paramref name="parse"/> would end in System.CommandLine's error action (help is not asked for).</summary>
    public static bool Failed(ParseResult parse) => parse.Action is ParseErrorAction && parse.Errors.Count > 0;

    public static int Report(ParseResult parse)
    {
        string hint = $"({CommandPath(parse.CommandResult)} --help)";
        return CliErrors.Report($"{Describe(parse)} {hint}", CliErrors.UserError);
    }

    /// <summary>A missing required option first, in the words users type (<c>--prompt is required</c>); else the parser's first message.</summary>
    private static string Describe(ParseResult parse)
    {
        var missing = parse.CommandResult.Command.Options.FirstOrDefault(o => o.Required && parse.GetResult(o) is not { IdentifierToken: not null });
        return missing is not null ? $"{missing.Name} is required" : parse.Errors[0].Message.TrimEnd('.');
    }

    private static string CommandPath(System.CommandLine.Parsing.CommandResult command)
    {
        var names = new List<string>();
        for (System.CommandLine.Parsing.SymbolResult? s = command; s is System.CommandLine.Parsing.CommandResult c; s = s.Parent)
        {
            names.Add(c.Parent is null ? "sam3r" : c.Command.Name);
        }

        names.Reverse();
        return string.Join(' ', names);
    }
}
