using TorchSharp.Modules;
using static TorchSharp.torch;

namespace TwitterSentiment.Trainer.Modeling;

/// <summary>
/// <c>torch.nn.utils.clip_grad_norm_</c> (one L2 norm over all gradients; every gradient scaled by
/// min(1, max / (norm + 1e-6))), op for op in float32 as libtorch computes it, for dense and sparse gradients alike:
/// libtorch's own scales a sparse gradient's copy instead of the gradient (a test shows it).
/// </summary>
public static class GradientClipping
{
    /// <returns>The gradients' norm before clipping; 0 when none has a gradient.</returns>
    public static double ClipByGlobalNorm(IEnumerable<Parameter> parameters, double maxNorm)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        using var scope = NewDisposeScope();
        var gradients = parameters.Select(parameter => parameter.grad).OfType<Tensor>().ToList();
        if (gradients.Count == 0) return 0;
        // A sparse gradient lists a row once per use: the norm is that of the summed rows.
        var norms = gradients.Select(gradient => gradient.is_sparse ? SparseAdam.SumDuplicateRows(gradient).Gradient.norm() : gradient.norm()).ToArray();
        var total = norms.Length == 1 ? norms[0] : stack(norms).norm();
        var coefficient = full_like(total, maxNorm).div_(total + 1e-6).clamp_max(1.0);
        foreach (var gradient in gradients) (gradient.is_sparse ? gradient.SparseValues : gradient).mul_(coefficient);
        return total.item<float>();
    }
}
