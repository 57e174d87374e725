using TorchSharp;
using TorchSharp.Modules;
using TwitterSentiment.Trainer.Modeling;
using static TorchSharp.torch;

namespace TwitterSentiment.Trainer.Tests.Modeling;

public sealed class SparseAdamTests
{
    private const int Rows = 6;
    private const int Width = 4;

    [Test]
    public void When_every_row_is_in_every_batch_it_gives_Adams_weights()
    {
        // Every row (but the padding row 0, which neither updates) appears in every batch, some twice.
        long[][] batches = [[1, 2, 3, 4, 5, 1, 0], [5, 4, 3, 2, 1, 2, 2], [3, 1, 4, 1, 5, 2, 0]];

        float[] dense = Train(sparse: false, batches, steps: 12);
        float[] sparse = Train(sparse: true, batches, steps: 12);

        Assert.That(sparse, Is.EqualTo(dense).Within(1e-6));
        Assert.That(sparse, Is.Not.EqualTo(Train(sparse: true, batches, steps: 0)), "the weights moved");
    }

    [Test]
    public void Rows_a_batch_does_not_use_keep_their_weights_while_Adam_would_move_them_on_momentum()
    {
        long[][] first = [[1, 2, 2]];
        long[][] thenOthers = [[1, 2, 2], [3, 4]];

        float[] sparseBefore = Train(sparse: true, first, steps: 1);
        float[] sparseAfter = Train(sparse: true, thenOthers, steps: 2);
        float[] denseAfter = Train(sparse: false, thenOthers, steps: 2);

        Assert.Multiple(() =>
        {
            Assert.That(Row(sparseAfter, 1), Is.EqualTo(Row(sparseBefore, 1)), "row 1, unused by the second batch");
            Assert.That(Row(sparseAfter, 3), Is.Not.EqualTo(Row(sparseBefore, 3)), "row 3, used by it");
            Assert.That(Row(denseAfter, 1), Is.Not.EqualTo(Row(sparseBefore, 1)), "dense Adam moves row 1 again");
            Assert.That(Row(sparseAfter, 5), Is.EqualTo(Row(Train(sparse: true, first, steps: 0), 5)), "row 5, never used");
        });
    }

    [Test]
    public void Repeated_rows_of_a_sparse_gradient_are_summed_into_one_row_each()
    {
        using var scope = NewDisposeScope();
        var gradient = sparse_coo_tensor(tensor(new long[] { 4, 1, 4, 4 }).view(1, 4), tensor(new float[] { 1, 10, 2, 3, 4, 20, 5, 6 }).view(4, 2), [6, 2]);

        var (rows, summed) = SparseAdam.SumDuplicateRows(gradient);

        Assert.That(rows.data<long>().ToArray(), Is.EqualTo(new long[] { 1, 4 }));
        Assert.That(summed.data<float>().ToArray(), Is.EqualTo(new float[] { 2, 3, 10, 36 }));
    }

    [Test]
    public void Clipping_scales_a_sparse_gradient_as_the_dense_one_which_libtorchs_clipping_does_not()
    {
        float[] sparseByLibtorch = ClippedEmbeddingRow(sparse: true, parameters => nn.utils.clip_grad_norm_(parameters, 0.01));
        float[] dense = ClippedEmbeddingRow(sparse: false, parameters => GradientClipping.ClipByGlobalNorm(parameters, 0.01));
        float[] sparse = ClippedEmbeddingRow(sparse: true, parameters => GradientClipping.ClipByGlobalNorm(parameters, 0.01));

        Assert.That(sparse, Is.EqualTo(dense).Within(1e-9));
        Assert.That(dense, Has.Some.Not.EqualTo(0f));
        Assert.That(sparseByLibtorch, Is.Not.EqualTo(dense).Within(1e-7), "libtorch left the sparse gradient unscaled");
    }

    [Test]
    public void On_dense_gradients_the_clipping_is_libtorchs_to_the_last_bit()
    {
        float[] ours = ClippedEmbeddingRow(sparse: false, parameters => GradientClipping.ClipByGlobalNorm(parameters, 0.01));
        float[] libtorchs = ClippedEmbeddingRow(sparse: false, parameters => nn.utils.clip_grad_norm_(parameters, 0.01));

        Assert.That(ours, Is.EqualTo(libtorchs));
    }

    /// <summary>A small model's embedding gradient on one batch, after <paramref name="clip"/>: the row of token 5.</summary>
    private static float[] ClippedEmbeddingRow(bool sparse, Action<List<Parameter>> clip)
    {
        torch.manual_seed(3);
        using var model = new SentimentModel(SyntheticSets.SmallModel() with { SparseEmbeddingGradients = sparse });
        using var data = SyntheticSets.Separable(16, seed: 4);
        using var scope = NewDisposeScope();
        nn.functional.binary_cross_entropy_with_logits(model.forward(data.Ids), data.Targets).backward();
        clip([.. model.parameters()]);
        var gradient = model.parameters().First().grad!;
        return (sparse ? gradient.to_dense() : gradient)[5].data<float>().ToArray();
    }

    /// <summary>An embedding trained by Adam (dense) or SparseAdam (sparse) on a fixed linear loss; its weights.</summary>
    private static float[] Train(bool sparse, long[][] batches, int steps)
    {
        torch.manual_seed(1);
        using var embedding = nn.Embedding(Rows, Width, padding_idx: 0, sparse: sparse);
        using var direction = torch.randn(Width);
        var weight = embedding.weight!;
        using optim.Optimizer optimizer = sparse ? new SparseAdam([weight], lr: 0.05) : optim.Adam([weight], lr: 0.05);
        for (int step = 0; step < steps; step++)
        {
            using var scope = NewDisposeScope();
            optimizer.zero_grad();
            var ids = tensor(batches[step % batches.Length]);
            // A loss whose gradient differs by position, so repeated rows sum different values.
            var positions = arange(ids.shape[0], dtype: float32).add(1).unsqueeze(1);
            (embedding.forward(ids) * direction * positions).sin().sum().backward();
            optimizer.step();
        }
        return weight.detach().data<float>().ToArray();
    }

    private static float[] Row(float[] weights, int row) => weights[(row * Width)..((row + 1) * Width)];
}
