namespace TwitterSentiment.Trainer.Export;

/// <summary>Where an export landed and what it cost.</summary>
/// <param name="VersionDirectory">The final <c>&lt;exportDir&gt;/&lt;modelName&gt;/&lt;version&gt;</c> directory.</param>
/// <param name="Version">The version number (the directory name).</param>
/// <param name="SavedModelBytes">Size of <c>saved_model.pb</c>.</param>
/// <param name="NodeCount">Nodes in the exported graph.</param>
/// <param name="Elapsed">Wall time of the whole export, graph building included.</param>
public sealed record ExportResult(string VersionDirectory, long Version, long SavedModelBytes, int NodeCount, TimeSpan Elapsed);
