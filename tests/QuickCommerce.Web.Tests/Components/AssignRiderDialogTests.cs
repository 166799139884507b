using System.Security.Claims;
using Bunit;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;
using QuickCommerce.Core.Accounts;
using QuickCommerce.Core.Delivery;
using QuickCommerce.Core.Jobs;
using QuickCommerce.Core.Ordering;
using QuickCommerce.Core.Stores;
using QuickCommerce.Infrastructure.Identity;
using QuickCommerce.Infrastructure.Jobs;
using QuickCommerce.Infrastructure.Persistence;
using QuickCommerce.TestSupport;
using QuickCommerce.Web.Features.Merchant;
using QuickCommerce.Web.Tests.Delivery;

namespace QuickCommerce.Web.Tests.Components;

/// <summary>The merchant's "assign a rider" dialog, on the real database, opened as the order queue opens it.</summary>
public sealed class AssignRiderDialogTests : ComponentTest, IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private TestDatabase _database = null!;
    private ServiceProvider _infrastructure = null!;
    private Guid _merchantId;
    private Guid _customerId;
    private Store _store = null!;
    private Guid _productId;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        _infrastructure = _database.CreateServices();
        _merchantId = await AccountAsync(Roles.Merchant, "Asha");
        _customerId = await AccountAsync(Roles.Customer, "Ravi");
        (_store, var product) = await RiderSeeds.ShopAsync(_database, _merchantId, "Sri Balaji Kirana");
        _productId = product.Id;

        Services.AddSingleton(_infrastructure.GetRequiredService<IDbContextFactory<QuickCommerceDbContext>>());
        Services.AddScoped(sp => sp.GetRequiredService<IDbContextFactory<QuickCommerceDbContext>>().CreateDbContext());
        Services.AddScoped<IJobQueue, JobQueue>();
        Services.AddScoped<RiderAssignment>();
        Services.AddOptions<RiderAssignmentOptions>();
        Services.AddMudServices();
        JSInterop.Mode = JSRuntimeMode.Loose;
        var authorization = AddAuthorization();
        authorization.SetAuthorized("Asha");
        authorization.SetRoles(Roles.Merchant);
        authorization.SetClaims(new Claim(ClaimTypes.NameIdentifier, _merchantId.ToString()));
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await base.DisposeAsync();
        await _infrastructure.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task The_dialog_lists_own_riders_first_with_a_chip_and_assigning_one_closes_it_with_the_rider()
    {
        var own = await RiderAsync("Suresh (own)", metresNorth: null);
        await using (var db = _database.NewContext())
        {
            db.StoreRiders.Add(new StoreRider(_store.Id, own, Clock.GetUtcNow()));
            await db.SaveChangesAsync();
        }

        var near = await RiderAsync("Imran", metresNorth: 300);
        var orderId = await PackedOrderAsync();

        var (provider, reference) = await OpenAsync(orderId);

        provider.WaitForAssertion(() => provider.FindAll("[data-testid=rider-candidate]").Count.ShouldBe(2), Patience);
        var rows = provider.FindAll("[data-testid=rider-candidate]");
        rows[0].GetAttribute("data-rider-id").ShouldBe(own.ToString());
        rows[0].TextContent.ShouldContain("Suresh (own)");
        rows[0].QuerySelector("[data-testid=own-chip]").ShouldNotBeNull();
        rows[0].QuerySelector("[data-testid=rider-details]")!.TextContent.ShouldContain("location unknown");
        rows[1].GetAttribute("data-rider-id").ShouldBe(near.ToString());
        rows[1].QuerySelector("[data-testid=own-chip]").ShouldBeNull();
        rows[1].QuerySelector("[data-testid=rider-details]")!.TextContent.ShouldMatch(@"^Scooter · 29\d m away · •+\d{4} · seen just now$");

        await provider.FindAll("[data-testid=assign]")[1].ClickAsync(new());

        var result = await reference.Result.WaitAsync(Patience);
        result!.Canceled.ShouldBeFalse();
        result.Data.ShouldBe(near);
        await using var check = _database.NewContext();
        var order = await check.Orders.AsNoTracking().SingleAsync(o => o.Id == orderId);
        order.Status.ShouldBe(OrderStatus.RiderAssigned);
        order.RiderId.ShouldBe(near);
    }

    [Fact]
    public async Task A_rider_taken_by_another_shop_meanwhile_is_explained_and_the_list_refreshes()
    {
        var taken = await RiderAsync("Imran", metresNorth: 300);
        var free = await RiderAsync("Deepak", metresNorth: 900);
        var orderId = await PackedOrderAsync();
        var (provider, reference) = await OpenAsync(orderId);
        provider.WaitForAssertion(() => provider.FindAll("[data-testid=rider-candidate]").Count.ShouldBe(2), Patience);

        // Meanwhile the rider is given another order (another shop, or the owner on another device).
        var elsewhere = await PackedOrderAsync();
        await using (var db = _database.NewContext())
        {
            var order = await db.Orders.SingleAsync(o => o.Id == elsewhere);
            order.AssignRider(taken, new Actor(ActorRole.Merchant, _merchantId), Clock).IsSuccess.ShouldBeTrue();
            await db.SaveChangesAsync();
        }

        await provider.FindAll("[data-testid=assign]")[0].ClickAsync(new());

        provider.WaitForAssertion(
            () => provider.Find("[data-testid=assign-rider-message]").TextContent.ShouldContain("Imran is already on another delivery"),
            Patience);
        provider.WaitForAssertion(() => provider.FindAll("[data-testid=rider-candidate]").Single().GetAttribute("data-rider-id").ShouldBe(free.ToString()), Patience);
        reference.Result.IsCompleted.ShouldBeFalse();
        await using var check = _database.NewContext();
        (await check.Orders.AsNoTracking().SingleAsync(o => o.Id == orderId)).Status.ShouldBe(OrderStatus.Packed);
    }

    [Fact]
    public async Task Offering_to_nearby_riders_says_whom_it_reached_and_then_that_everyone_has_it()
    {
        await RiderAsync("Imran", metresNorth: 300);
        var orderId = await PackedOrderAsync();
        var (provider, _) = await OpenAsync(orderId);
        provider.WaitForAssertion(() => provider.FindAll("[data-testid=rider-candidate]").Count.ShouldBe(1), Patience);

        await provider.Find("[data-testid=offer]").ClickAsync(new());
        provider.WaitForAssertion(
            () => provider.Find("[data-testid=assign-rider-message]").TextContent.ShouldBe("Offered to 1 nearby rider(s): Imran. The first to accept gets the order."),
            Patience);

        await provider.Find("[data-testid=offer]").ClickAsync(new());
        provider.WaitForAssertion(
            () => provider.Find("[data-testid=assign-rider-message]").TextContent.ShouldContain("Every free rider nearby already has this offer (1 so far)"),
            Patience);
        await using var db = _database.NewContext();
        (await db.RiderOffers.CountAsync(o => o.OrderId == orderId)).ShouldBe(1);
    }

    private async Task<(IRenderedComponent<MudDialogProvider> Provider, IDialogReference Reference)> OpenAsync(Guid orderId)
    {
        var provider = Render<MudDialogProvider>();
        var dialogs = Services.GetRequiredService<IDialogService>();
        IDialogReference? reference = null;
        await provider.InvokeAsync(async () => reference = await dialogs.ShowAsync<AssignRiderDialog>(
            "Assign a rider",
            new DialogParameters<AssignRiderDialog> { { d => d.OrderId, orderId } }));
        return (provider, reference!);
    }

    private async Task<Guid> AccountAsync(string role, string name, string? vehicle = null)
    {
        var now = DateTimeOffset.UtcNow;
        var email = $"{role.ToLowerInvariant()}.{Guid.NewGuid():N}@test.in";
        var user = new ApplicationUser
        {
            Id = Guid.CreateVersion7(now),
            UserName = email,
            Email = email,
            PhoneNumber = $"+9198{Random.Shared.Next(0, 100_000_000):D8}",
            FullName = name,
            Role = role,
            Approval = ApprovalStatus.Approved,
            VehicleType = vehicle,
            CreatedAt = now,
        };
        await using var scope = _infrastructure.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        (await users.CreateAsync(user)).Succeeded.ShouldBeTrue();
        (await users.AddToRoleAsync(user, role)).Succeeded.ShouldBeTrue();
        return user.Id;
    }

    /// <summary>An approved rider, reporting <paramref name="metresNorth"/> north of the shop as of the test's clock (no position when null).</summary>
    private async Task<Guid> RiderAsync(string name, double? metresNorth)
    {
        var id = await AccountAsync(Roles.Rider, name, "Scooter");
        if (metresNorth is { } metres)
        {
            await using var db = _database.NewContext();
            db.RiderPresence.Add(new RiderPresence(id, RiderSeeds.North(metres), isAvailable: true, Clock.GetUtcNow()));
            await db.SaveChangesAsync();
        }

        return id;
    }

    private async Task<Guid> PackedOrderAsync()
    {
        await using var db = _database.NewContext();
        var product = await db.Products.AsNoTracking().SingleAsync(p => p.Id == _productId);
        return await RiderSeeds.PackedOrderAsync(_database, _store, product, _customerId);
    }
}
