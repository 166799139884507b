using Bunit;
using Microsoft.Extensions.DependencyInjection;
using QuickCommerce.TestSupport;

namespace QuickCommerce.Web.Tests.Components;

/// <summary>bUnit base: the services our components inject, with a clock the test controls.</summary>
public abstract class ComponentTest : BunitContext
{
    protected ComponentTest()
    {
        Services.AddSingleton<TimeProvider>(Clock);
    }

    /// <summary>14:00 IST on Wednesday 25 November 2026 unless a test moves it.</summary>
    protected FixedClock Clock { get; } = new(FixedClock.Ist(2026, 11, 25, 14));
}
