using NUnit.Framework.Interfaces;
using NUnit.Framework.Internal;

namespace TwitterSentiment.TestSupport;

/// <summary>
/// dotnet test's console logger names a skipped test without saying why; this writes, once a test assembly has run,
/// "Skipped &lt;test or fixture&gt;: &lt;reason&gt;" for each test skipped (a fixture skipped as a whole once) to the error
/// output, which it does show, so a reader learns what to install (Chromium, Docker, …). Every test assembly carries
/// it (tests/Directory.Build.props).
/// </summary>
[AttributeUsage(AttributeTargets.Assembly)]
public sealed class ReportSkipReasonsAttribute : Attribute, ITestAction
{
    public ActionTargets Targets => ActionTargets.Suite;

    public void BeforeTest(ITest test)
    {
    }

    public void AfterTest(ITest test)
    {
        ArgumentNullException.ThrowIfNull(test);
        if (test.Parent is not null) return; // the assembly, after all of its tests
        Report(TestExecutionContext.CurrentContext.CurrentResult);
    }

    private static void Report(ITestResult result)
    {
        var state = result.ResultState;
        if (state.Status == TestStatus.Skipped && state.Site != FailureSite.Child)
        {
            TestContext.Error.WriteLine($"Skipped {result.FullName}: {result.Message}");
            return;
        }
        foreach (var child in result.Children) Report(child);
    }
}
