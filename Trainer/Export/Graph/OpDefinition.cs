namespace TwitterSentiment.Trainer.Export.Graph;

/// <summary>The facts of one TensorFlow op registration (<c>OpDef</c>) that a NodeDef must satisfy.</summary>
public sealed record OpDefinition(
    string Name,
    IReadOnlyList<ArgDefinition> Inputs,
    IReadOnlyList<ArgDefinition> Outputs,
    IReadOnlyList<AttrDefinition> Attrs,
    bool IsStateful = false)
{
    public AttrDefinition? FindAttr(string name) => Attrs.FirstOrDefault(attr => attr.Name == name);
}
