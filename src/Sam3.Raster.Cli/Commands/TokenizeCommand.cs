using System.CommandLine;
using System.Text.Json;
using Sam3.Inference.Tokenizer;

namespace Sam3.Raster.Cli.Commands;

/// <summary><c>sam3r tokenize [--] TEXT...</c>: the 32 token ids SAM3 gets for each text, one JSON line per text.</summary>
internal static class TokenizeCommand
{
    public static Command Create()
    {
        var texts = new Argument<string[]>("text") { Description = "Prompt texts (quote multi-word prompts).", Arity = ArgumentArity.OneOrMore };
        var command = new Command("tokenize", "Show the CLIP token ids SAM3 receives for text prompts (one JSON line per text).");
        command.Arguments.Add(texts);
        command.SetAction(parseResult =>
        {
            using var stdout = Console.OpenStandardOutput();
            foreach (var text in parseResult.GetValue(texts) ?? [])
            {
                using (var json = new Utf8JsonWriter(stdout))
                {
                    json.WriteStartObject();
                    json.WriteString("text", text);
                    json.WriteStartArray("ids");
                    foreach (var id in ClipTokenizer.Shared.Encode(text))
                    {
                        json.WriteNumberValue(id);
                    }

                    json.WriteEndArray();
                    json.WriteEndObject();
                }

                stdout.WriteByte((byte)'\n');
            }

            return 0;
        });
        return command;
    }
}
