namespace Sam3.Raster.Cli;

/// <summary>
/// Turns exceptions into one clear line and an exit code: user errors (bad paths, bad files, bad
/// arguments) never show a stack trace; anything else is an internal error, traced only on request.
/// </summary>
internal static class CliErrors
{
    public const int UserError = 2;
    public const int InternalError = 70;

    public static int Guard(Func<int> body)
    {
        try
        {
            return body();
        }
        catch (Exception ex) when (IsUserError(ex))
        {
            return Report(ex.Message, UserError);
        }
        catch (AggregateException ex) when (ex.InnerExceptions.Count == 1 && IsUserError(ex.InnerException!))
        {
            return Report(ex.InnerException!.Message, UserError);
        }
        catch (Exception ex)
        {
            var trace = Environment.GetEnvironmentVariable("SAM3R_DEBUG") == "1" ? Environment.NewLine + ex : string.Empty;
            return Report($"internal error: {ex.Message} (set SAM3R_DEBUG=1 for a stack trace){trace}", InternalError);
        }
    }

    public static int Report(string message, int code)
    {
        Console.Error.WriteLine($"sam3r: error: {message}");
        return code;
    }

    /// <summary>
    /// Exceptions whose message is written for the user. Libraries signal bad input with these
    /// types (or types derived from them) and put the offending path or value in the message.
    /// </summary>
    public static bool IsUserError(Exception ex) => ex is ArgumentException
        or IOException
        or InvalidDataException
        or UnauthorizedAccessException
        or NotSupportedException
        or FormatException
        or Tiling.RasterException;
}
