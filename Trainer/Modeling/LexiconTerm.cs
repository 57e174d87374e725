using TorchSharp.Modules;
using TwitterSentiment.Trainer.Lexicon;
using static TorchSharp.torch;

namespace TwitterSentiment.Trainer.Modeling;

/// <summary>
/// The lexicon's verdict as one part of a <see cref="SentimentModel"/>: <see cref="Weight"/> × Σ the valences of a
/// tweet's token ids, a word with a negation among the <see cref="NegationRule.Window"/> tokens before it counting
/// <see cref="NegationRule.Scale"/> times its valence. Both columns are rated by people, not learned: frozen, so
/// they are left out of Adam.
/// </summary>
public sealed class LexiconTerm : nn.Module<Tensor, Tensor>
{
    private readonly Embedding valence;
    private readonly Embedding negation;

    /// <param name="vocabularySize">Ids the columns cover.</param>
    /// <param name="weight">Weight of the score in the logit.</param>
    /// <param name="table">The vocabulary's lexicon; null leaves both columns at zero (a checkpoint's weights are loaded over them).</param>
    public LexiconTerm(int vocabularySize, double weight, LexiconTable? table) : base(nameof(LexiconTerm))
    {
        if (table is not null && (table.Valences.Length != vocabularySize || table.Negations.Length != vocabularySize))
            throw new ArgumentException($"The lexicon table has {table.Valences.Length} ids but the vocabulary {vocabularySize}.", nameof(table));
        Weight = weight;
        valence = nn.Embedding(vocabularySize, 1);
        negation = nn.Embedding(vocabularySize, 1);
        RegisterComponents();
        SetFrozenColumn(valence, table?.Valences);
        SetFrozenColumn(negation, table?.Negations);
    }

    public double Weight { get; }

    /// <summary>The weighted score [batch] of token ids [batch, steps].</summary>
    public override Tensor forward(Tensor ids)
    {
        using var scope = NewDisposeScope();
        var valences = valence.forward(ids).squeeze(-1);   // [B, S]
        var negations = negation.forward(ids).squeeze(-1); // [B, S]
        long steps = ids.shape[1];
        var negationsBefore = zeros_like(negations);
        for (int k = 1; k <= NegationRule.Window && k < steps; k++)
        {
            negationsBefore = negationsBefore + nn.functional.pad(negations.narrow(1, 0, steps - k), [k, 0]);
        }
        var factor = ones_like(negations).masked_fill(negationsBefore.gt(0), NegationRule.Scale);
        return ((float)Weight * (valences * factor).sum(1)).MoveToOuterDisposeScope();
    }

    /// <summary>The columns and the weight, for exporters.</summary>
    public LexiconWeights ExportWeights()
    {
        using var _ = no_grad();
        return new LexiconWeights(new LexiconTable(ToArray(valence.weight!), ToArray(negation.weight!)), Weight);
    }

    private static float[] ToArray(Tensor tensor) => tensor.contiguous().data<float>().ToArray();

    private static void SetFrozenColumn(Embedding column, float[]? values)
    {
        using var _ = no_grad();
        var weight = column.weight!;
        if (values is null)
        {
            weight.zero_();
        }
        else
        {
            using var initial = tensor(values, [values.Length, 1], dtype: float32);
            weight.copy_(initial);
        }
        weight.requires_grad = false;
    }
}
