using QuickCommerce.TestSupport;

namespace QuickCommerce.E2E.Tests;

/// <summary>
/// <see cref="AppTest"/> for a real browser: once seeded, the app listens on a real port, at
/// <see cref="BaseAddress"/>, since Chromium cannot reach the in-memory test server.
/// </summary>
public abstract class RealPortAppTest : AppTest
{
    protected Uri BaseAddress { get; private set; } = null!;

    protected override Task StartedAsync()
    {
        BaseAddress = App.StartOnRealPort();
        return Task.CompletedTask;
    }
}
