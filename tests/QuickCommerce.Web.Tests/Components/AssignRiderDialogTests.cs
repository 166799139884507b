using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using QuickCommerce.Core.Delivery;
using QuickCommerce.Core.Jobs;
using QuickCommerce.Core.Ordering;
using QuickCommerce.Core.Stores;
using QuickCommerce.Infrastructure.Identity;
using QuickCommerce.Infrastructure.Jobs;
using QuickCommerce.Web.Features.Merchant;
using QuickCommerce.Web.Tests.Delivery;

namespace QuickCommerce.Web.Tests.Components;

/// <summary>The merchant's "assign a rider" dialog, on the real database, opened as the order queue opens it.</summary>
public sealed class AssignRiderDialogTests : DatabaseComponentTest
{
    private Guid _merchantId;
    private Guid _customerId;
    private Store _store = null!;
    private Guid _productId;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _merchantId = await NewAccountAsync(Roles.Merchant, "Asha");
        _customerId = await NewAccountAsync(Roles.Customer, "Ravi");
        (_store, var product) = await RiderSeeds.ShopAsync(Database, _merchantId, "Sri Balaji Kirana");
        _productId = product.Id;

        AddDatabase();
        Services.AddScoped<IJobQueue, JobQueue>();
        Services.AddScoped<RiderAssignment>();
        Services.AddOptions<RiderAssignmentOptions>();
        SignInAs(_merchantId, Roles.Merchant);
    }

    [Fact]
    public async Task The_dialog_lists_own_riders_first_with_a_chip_and_assigning_one_closes_it_with_the_rider()
    {
        var own = await RiderAsync("Suresh (own)", metresNorth: null);
        await using (var db = Database.NewContext())
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
        await using var check = Database.NewContext();
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
        await using (var db = Database.NewContext())
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
        await using var check = Database.NewContext();
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
        await using var db = Database.NewContext();
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

    /// <summary>An approved rider, reporting <paramref name="metresNorth"/> north of the shop as of the test's clock (no position when null).</summary>
    private async Task<Guid> RiderAsync(string name, double? metresNorth)
    {
        var id = await NewAccountAsync(Roles.Rider, name, "Scooter");
        if (metresNorth is { } metres)
        {
            await using var db = Database.NewContext();
            db.RiderPresence.Add(new RiderPresence(id, RiderSeeds.North(metres), isAvailable: true, Clock.GetUtcNow()));
            await db.SaveChangesAsync();
        }

        return id;
    }

    private async Task<Guid> PackedOrderAsync()
    {
        await using var db = Database.NewContext();
        var product = await db.Products.AsNoTracking().SingleAsync(p => p.Id == _productId);
        return await RiderSeeds.PackedOrderAsync(Database, _store, product, _customerId);
    }
}
