using LuceneRerank.Onnx;

namespace LuceneRerank.Tests.Onnx;

/// <summary>The one budget rule every runner uses: runner option, else runtime option, else the active provider's default.</summary>
public sealed class TokenBudgetsTests
{
    [Test]
    public void NothingSetGivesTheActiveProvidersDefault()
    {
        Assert.That(TokenBudgets.Resolve(null, null, ExecutionProvider.Cpu), Is.EqualTo(TokenBudgets.Cpu).And.EqualTo(4096));
        Assert.That(TokenBudgets.Resolve(null, null, ExecutionProvider.Cuda), Is.EqualTo(TokenBudgets.Cuda).And.EqualTo(65536));
    }

    [Test]
    public void RuntimeOptionOverridesTheProviderDefault()
    {
        Assert.That(TokenBudgets.Resolve(null, 1234, ExecutionProvider.Cuda), Is.EqualTo(1234));
        Assert.That(TokenBudgets.Resolve(null, 1234, ExecutionProvider.Cpu), Is.EqualTo(1234));
    }

    [Test]
    public void RunnerOptionOverridesEverything()
    {
        Assert.That(TokenBudgets.Resolve(777, 1234, ExecutionProvider.Cuda), Is.EqualTo(777));
        Assert.That(TokenBudgets.Resolve(777, null, ExecutionProvider.Cpu), Is.EqualTo(777));
    }

    [TestCase(0, null)]
    [TestCase(-5, null)]
    [TestCase(null, 0)]
    public void BudgetBelowOneIsAnError(int? runner, int? runtime)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => TokenBudgets.Resolve(runner, runtime, ExecutionProvider.Cpu));
        Assert.That(e!.Message, Does.Contain("at least 1"));
    }

    [Test]
    public void SessionOpenedWithABudgetBelowOneIsAnErrorNamingTheOption()
    {
        var model = Path.Combine(AppContext.BaseDirectory, "Onnx", "TestModels", "tiny-linear.onnx");
        var e = Assert.Throws<ArgumentException>(() => OnnxSessionFactory.Create(model, new OnnxRuntimeOptions { TokenBudget = 0 }));
        Assert.That(e!.Message, Does.Contain("TokenBudget"));
    }
}
