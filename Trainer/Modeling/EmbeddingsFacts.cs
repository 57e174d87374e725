namespace TwitterSentiment.Trainer.Modeling;

/// <summary>Which pretrained vectors a run used and how well they cover its training tweets.</summary>
/// <param name="Source">The file the vectors were read from.</param>
/// <param name="Dimension">Values per word.</param>
/// <param name="Words">Words in the file.</param>
/// <param name="VocabularyRows">Vocabulary entries that got a pretrained vector.</param>
/// <param name="Coverage">Share of the training split's token occurrences that have a pretrained vector.</param>
public sealed record EmbeddingsFacts(string Source, int Dimension, int Words, int VocabularyRows, double Coverage);
