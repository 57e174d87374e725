namespace TwitterSentiment.TestSupport.Models;

/// <summary>The tiny models <see cref="TinyModels"/> trains: the same data and sizes, one thing different.</summary>
public enum TinyModelKind
{
    /// <summary>Embedding → LSTM → dense, plus a small sentiment lexicon's verdict (<see cref="TinyModelRecipe.LexiconWeight"/>).</summary>
    Lexicon,

    /// <summary>Embedding → LSTM → dense, without a lexicon.</summary>
    Plain,

    /// <summary>Embedding → bidirectional LSTM → dense, without a lexicon.</summary>
    Bidirectional,

    /// <summary>
    /// The three terms: the LSTM, the lexicon (as <see cref="Lexicon"/>) and a bag of vectors over a few words' vectors
    /// (<see cref="TinyModelRecipe.VectorsText"/>), with words only the bag knows; calibrated after training, as every run is.
    /// </summary>
    Bag,
}
