namespace TwitterSentiment.Trainer.Tests;

public sealed class SmokeTests
{
    [Test]
    public void TorchSharp_loads_and_computes()
    {
        using var x = TorchSharp.torch.ones(2, 3);
        Assert.That(x.sum().item<float>(), Is.EqualTo(6f));
    }
}
