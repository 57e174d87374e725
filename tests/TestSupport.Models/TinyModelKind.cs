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
}
