using System.Reflection;
using NetArchTest.Rules;
using QuickCommerce.Core.Common;
using QuickCommerce.Infrastructure;

namespace QuickCommerce.Core.Tests.Architecture;

/// <summary>
/// Core knows nothing of the outside, and Infrastructure knows nothing of Web. Each rule also runs
/// against an assembly that does have the dependency, to prove the rule can fail at all.
/// </summary>
public class DependencyRulesTests
{
    private static readonly Assembly CoreAssembly = typeof(Money).Assembly;
    private static readonly Assembly InfrastructureAssembly = typeof(DependencyInjection).Assembly;
    private static readonly Assembly WebAssembly = typeof(Program).Assembly;

    [Theory]
    [InlineData("QuickCommerce.Infrastructure")]
    [InlineData("QuickCommerce.Web")]
    [InlineData("Microsoft.EntityFrameworkCore")]
    [InlineData("Microsoft.AspNetCore")]
    [InlineData("Npgsql")]
    public void Core_does_not_depend_on(string forbidden)
    {
        var result = TypesWithoutDependency(CoreAssembly, forbidden);

        result.IsSuccessful.ShouldBeTrue($"Core types depending on {forbidden}: {Describe(result)}");
    }

    [Fact]
    public void Infrastructure_does_not_depend_on_web()
    {
        var result = TypesWithoutDependency(InfrastructureAssembly, "QuickCommerce.Web");

        result.IsSuccessful.ShouldBeTrue($"Infrastructure types depending on Web: {Describe(result)}");
    }

    [Fact]
    public void Infrastructure_does_depend_on_entity_framework_core_so_the_rule_can_fail()
    {
        TypesWithoutDependency(InfrastructureAssembly, "Microsoft.EntityFrameworkCore").IsSuccessful.ShouldBeFalse();
    }

    [Fact]
    public void Core_does_depend_on_net_topology_suite_so_the_rule_can_fail()
    {
        TypesWithoutDependency(CoreAssembly, "NetTopologySuite").IsSuccessful.ShouldBeFalse();
    }

    [Theory]
    [InlineData("QuickCommerce.Infrastructure")]
    [InlineData("QuickCommerce.Web")]
    [InlineData("Microsoft.EntityFrameworkCore")]
    [InlineData("Microsoft.AspNetCore")]
    [InlineData("Npgsql")]
    public void Each_forbidden_name_is_found_in_some_project_so_its_rule_can_fail(string forbidden)
    {
        // A misspelt namespace would make the rule above pass forever; this one would then fail.
        var someProjectUsesIt = new[] { CoreAssembly, InfrastructureAssembly, WebAssembly }
            .Any(assembly => !TypesWithoutDependency(assembly, forbidden).IsSuccessful);

        someProjectUsesIt.ShouldBeTrue($"no project depends on {forbidden}, so the rule cannot tell");
    }

    private static TestResult TypesWithoutDependency(Assembly assembly, string dependency) =>
        Types.InAssembly(assembly).ShouldNot().HaveDependencyOn(dependency).GetResult();

    private static string Describe(TestResult result) =>
        string.Join(", ", result.FailingTypeNames ?? []);
}
