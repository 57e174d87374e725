namespace TwitterSentiment.Trainer.Modeling;

/// <summary>Which sentiment lexicon a run used and how much of its vocabulary and training tweets it rates.</summary>
/// <param name="Source">The lexicon file.</param>
/// <param name="Entries">Entries in the file.</param>
/// <param name="RatedTokens">Vocabulary ids with a valence.</param>
/// <param name="AddedTokens">Lexicon tokens and negations the training split's vocabulary lacked, given ids of their own.</param>
/// <param name="Coverage">Share of the training split's token occurrences that the lexicon rates.</param>
public sealed record LexiconFacts(string Source, int Entries, int RatedTokens, int AddedTokens, double Coverage);
