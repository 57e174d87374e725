namespace TwitterSentiment.Trainer.Text;

/// <summary>
/// One step of tweet normalisation: replace every match of <paramref name="Pattern"/> with the constant
/// <paramref name="Replacement"/>. The same rule runs in .NET (training) and as a TensorFlow
/// <c>StaticRegexReplace</c> op (serving), so a pattern must mean the same in .NET, RE2 and JavaScript:
/// lower-case ASCII only, no <c>\S \W \D \B</c> or upper-case classes, and a replacement with no
/// backslash and no <c>$</c> (see docs on TensorFlow.js in the README).
/// </summary>
public sealed record RewriteRule(string Name, string Pattern, string Replacement);
