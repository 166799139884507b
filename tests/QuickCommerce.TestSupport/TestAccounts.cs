using System.Net.Http.Headers;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using QuickCommerce.Core.Accounts;
using QuickCommerce.Infrastructure.Identity;

namespace QuickCommerce.TestSupport;

/// <summary>Accounts made through Identity in a running <see cref="QuickCommerceApp"/>, and API clients signed in as them.</summary>
public static class TestAccounts
{
    /// <summary>The password <see cref="CreateAsync"/> gives accounts unless told otherwise.</summary>
    public const string DefaultPassword = "Test@12345";

    // Phone numbers must be unique per database; a random start keeps parallel test processes apart too.
    private static int _phoneSequence = Random.Shared.Next(0, 500_000_000);

    /// <summary>
    /// A new account in <paramref name="role"/> with its own email and +91 9xxxxxxxxx phone, UserName = email,
    /// FullName "Test {role} {n}". Starts the app if it has not started yet.
    /// </summary>
    public static async Task<ApplicationUser> CreateAsync(
        QuickCommerceApp app,
        string role,
        ApprovalStatus approval = ApprovalStatus.Approved,
        string? email = null,
        string password = DefaultPassword)
    {
        ArgumentNullException.ThrowIfNull(app);
        var user = NewUser(role, approval, email, fullName: null);
        await using var scope = StartedServices(app).CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        Check(await users.CreateAsync(user, password), $"create {user.Email}");
        Check(await users.AddToRoleAsync(user, role), $"add {user.Email} to {role}");
        return user;
    }

    /// <summary>
    /// As <see cref="CreateAsync"/>, but through the Identity of any <paramref name="services"/> (an app's, or a
    /// test's own infrastructure) and without a password: hashing one costs ~100 ms of CPU, and an account
    /// nobody signs in to with a password needs none. FullName is <paramref name="fullName"/> when given.
    /// </summary>
    public static async Task<ApplicationUser> CreateWithoutPasswordAsync(
        IServiceProvider services,
        string role,
        ApprovalStatus approval = ApprovalStatus.Approved,
        string? fullName = null,
        string? vehicleType = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var user = NewUser(role, approval, email: null, fullName);
        user.VehicleType = vehicleType;
        await using var scope = services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        Check(await users.CreateAsync(user), $"create {user.Email}");
        Check(await users.AddToRoleAsync(user, role), $"add {user.Email} to {role}");
        return user;
    }

    /// <summary>A client of <paramref name="app"/> that sends a fresh bearer access token of <paramref name="user"/>.</summary>
    public static async Task<HttpClient> ClientForAsync(QuickCommerceApp app, ApplicationUser user)
    {
        var token = await AccessTokenAsync(app, user);
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>A fresh bearer access token of <paramref name="user"/>, issued by <paramref name="app"/>.</summary>
    public static async Task<string> AccessTokenAsync(QuickCommerceApp app, ApplicationUser user)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(user);
        await using var scope = StartedServices(app).CreateAsyncScope();

        // Read the account afresh: its security stamp or approval may have changed since it was made.
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var current = await users.FindByIdAsync(user.Id.ToString())
            ?? throw new InvalidOperationException($"Account {user.Id} does not exist.");
        var tokens = await scope.ServiceProvider.GetRequiredService<TokenService>().IssueAsync(current, CancellationToken.None);
        return tokens.AccessToken;
    }

    private static ApplicationUser NewUser(string role, ApprovalStatus approval, string? email, string? fullName)
    {
        var number = Interlocked.Increment(ref _phoneSequence) % 1_000_000_000;
        var now = DateTimeOffset.UtcNow;
        var address = email ?? $"{role.ToLowerInvariant()}.{Guid.NewGuid():N}@test.in";
        return new ApplicationUser
        {
            Id = Guid.CreateVersion7(now),
            UserName = address,
            Email = address,
            EmailConfirmed = true,
            PhoneNumber = $"+919{number:D9}",
            PhoneNumberConfirmed = true,
            FullName = fullName ?? $"Test {role} {number}",
            Role = role,
            Approval = approval,
            CreatedAt = now,
            ApprovalChangedAt = now,
        };
    }

    /// <summary>The app's services, starting its host first if no client has done so yet.</summary>
    private static IServiceProvider StartedServices(QuickCommerceApp app)
    {
        app.StartServer();
        return app.Services;
    }

    private static void Check(IdentityResult result, string what)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"Could not {what}: {string.Join("; ", result.Errors.Select(e => e.Description))}");
        }
    }
}
