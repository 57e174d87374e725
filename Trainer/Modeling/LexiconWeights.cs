using TwitterSentiment.Trainer.Lexicon;

namespace TwitterSentiment.Trainer.Modeling;

/// <summary>
/// A model's lexicon term in plain arrays (see <see cref="LexiconTerm"/>): the per-id columns. Its weight in the logit
/// is the model's <see cref="TermWeights.Lexicon"/>.
/// </summary>
public sealed record LexiconWeights(LexiconTable Table);
