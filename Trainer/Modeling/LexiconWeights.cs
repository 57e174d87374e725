using TwitterSentiment.Trainer.Lexicon;

namespace TwitterSentiment.Trainer.Modeling;

/// <summary>A model's lexicon term in plain arrays (see <see cref="LexiconTerm"/>): the per-id columns and the weight.</summary>
public sealed record LexiconWeights(LexiconTable Table, double Weight);
