namespace TwitterSentiment.Trainer.Modeling;

/// <summary>
/// One LSTM direction in Keras/TensorFlow layout, gates in the order (i, f, g, o) — the same order as PyTorch.
/// <c>z = x·Kernel + h·RecurrentKernel + Bias</c>; i, f, o = σ(z); g = tanh(z); c = f∘c + i∘g; h = o∘tanh(c).
/// </summary>
/// <param name="Kernel">Row-major [inputSize, 4·units] (PyTorch's W_ihᵀ).</param>
/// <param name="RecurrentKernel">Row-major [units, 4·units] (PyTorch's W_hhᵀ).</param>
/// <param name="Bias">[4·units] (PyTorch's b_ih + b_hh).</param>
public sealed record LstmWeights(float[] Kernel, float[] RecurrentKernel, float[] Bias);
