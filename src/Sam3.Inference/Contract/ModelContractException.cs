namespace Sam3.Inference.Contract;

/// <summary>
/// A model file that does not follow the contract. A bad input file, so it is an
/// <see cref="IOException"/> (<see cref="InvalidDataException"/> is sealed), which the CLI
/// reports as a user error in one line.
/// </summary>
public sealed class ModelContractException : IOException
{
    public ModelContractException(string modelPath, IReadOnlyList<string> differences)
        : base($"model {modelPath} does not follow the SAM3 contract: {string.Join("; ", differences)}")
    {
        ModelPath = modelPath;
        Differences = differences;
    }

    public string ModelPath { get; }

    public IReadOnlyList<string> Differences { get; }
}
