using TwitterSentiment.Trainer.Export.Proto;

namespace TwitterSentiment.Trainer.Export.Graph;

/// <summary>
/// One output of a node in a graph being built: which node, which output, and its element type. Builder
/// methods take and return these, so an op can only be wired to a real output of a known dtype.
/// </summary>
public readonly record struct TensorRef(string Node, int Index, DataType DataType)
{
    /// <summary>The form used in <c>NodeDef.input</c>: <c>node</c> for output 0, else <c>node:k</c>.</summary>
    public string InputName => Index == 0 ? Node : $"{Node}:{Index}";

    /// <summary>The form used in signatures (<c>TensorInfo.name</c>): always <c>node:k</c>.</summary>
    public string TensorName => $"{Node}:{Index}";
}
