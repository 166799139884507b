using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using QuickCommerce.Core.Catalog;
using QuickCommerce.Core.Common;
using QuickCommerce.Core.Jobs;
using QuickCommerce.Core.Ordering;
using QuickCommerce.Core.Stores;
using QuickCommerce.Infrastructure.Caching;
using QuickCommerce.Infrastructure.Identity;
using QuickCommerce.Infrastructure.Jobs;
using QuickCommerce.TestSupport;
using QuickCommerce.Web.Features.Merchant;
using QuickCommerce.Web.Features.Orders;

namespace QuickCommerce.Web.Tests.Components;

/// <summary>The merchant's "change the order" dialog, on the real database, opened as the order queue opens it.</summary>
public sealed class OrderChangesDialogTests : DatabaseComponentTest
{
    private Guid _merchantId;
    private Guid _customerId;
    private Store _store = null!;
    private Product _milk = null!;
    private Product _bread = null!;
    private Product _chakki = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _merchantId = await NewAccountAsync(Roles.Merchant, $"Test {Roles.Merchant}");
        _customerId = await NewAccountAsync(Roles.Customer, $"Test {Roles.Customer}");
        _store = new Store(Guid.NewGuid(), _merchantId, "Sri Balaji Kirana", "12, 100 Feet Road", "Indiranagar", "560038", "+918041234567",
            DemoShop.Indiranagar, 4000, OpeningHours.AllDay(), new Money(9900), new Money(1500), DateTimeOffset.UnixEpoch);
        _store.Approve();

        // Stock as it is once the order below has reserved its units.
        _milk = DemoShop.Product(_store, "Amul Taaza Milk", pricePaise: 3000, mrpPaise: 3000, stock: 10);
        _bread = DemoShop.Product(_store, "Modern Bread", pricePaise: 4000, mrpPaise: 4000, stock: 10);
        _chakki = DemoShop.Product(_store, "Pillsbury Chakki Atta", pricePaise: 5200, mrpPaise: 5200, stock: 1);
        await using (var db = Database.NewContext())
        {
            db.Stores.Add(_store);
            db.Products.AddRange(_milk, _bread, _chakki);
            await db.SaveChangesAsync();
        }

        AddDatabase();
        Services.AddScoped<IJobQueue, JobQueue>();
        AddFromInfrastructure<CatalogueCache>();
        Services.AddOptions<OrderChangesOptions>();
        Services.AddScoped<OrderChanges>();
        SignInAs(_merchantId, Roles.Merchant);
    }

    [Fact]
    public async Task Marking_milk_none_and_offering_a_substitute_for_the_bread_shows_the_new_total_and_sends_it_to_the_customer()
    {
        var orderId = await PlacedOrderAsync();
        var (provider, reference) = await OpenAsync(orderId);
        provider.WaitForAssertion(() => provider.FindAll("[data-testid=change-line]").Count.ShouldBe(2), Patience);
        provider.Find("[data-testid=send]").HasAttribute("disabled").ShouldBeTrue("nothing changed yet");
        provider.Find("[data-testid=new-total]").TextContent.ShouldContain("₹115");

        await Line(provider, 0, "[data-testid=fewer]").ClickAsync(new());
        await Line(provider, 0, "[data-testid=fewer]").ClickAsync(new());
        Line(provider, 0, "[data-testid=quantity]").TextContent.ShouldBe("none");
        Line(provider, 0, "[data-testid=fewer]").HasAttribute("disabled").ShouldBeTrue();
        provider.Find("[data-testid=new-total]").TextContent.ShouldContain("₹55");

        await Line(provider, 1, "[data-testid=substitute]").ClickAsync(new());
        provider.WaitForAssertion(() => provider.FindAll("[data-testid=candidate]").Count.ShouldBe(2), Patience); // milk and the chakki atta, not the bread itself
        await provider.Find("[data-testid=substitute-search] input, input[data-testid=substitute-search]").ChangeAsync(new ChangeEventArgs { Value = "chakki" });
        provider.WaitForAssertion(() => provider.FindAll("[data-testid=candidate]").Single().TextContent.ShouldContain("Pillsbury Chakki Atta"), Patience);
        await provider.Find("[data-testid=candidate]").ClickAsync(new());

        provider.Find("[data-testid=chosen-substitute]").TextContent.ShouldContain("Pillsbury Chakki Atta");
        provider.Find("[data-testid=substitute-quantity]").TextContent.ShouldBe("1");
        provider.Find("[data-testid=substitute-more]").HasAttribute("disabled").ShouldBeTrue("only 1 on the shelf");
        provider.Find("[data-testid=new-total]").TextContent.ShouldContain("₹67");

        await provider.Find("[data-testid=send]").ClickAsync(new());

        var result = await reference.Result.WaitAsync(Patience);
        result!.Canceled.ShouldBeFalse();
        var view = result.Data.ShouldBeOfType<OrderChangesView>();
        (view.Status, view.TotalPaise).ShouldBe(("AwaitingCustomer", 5200 + 1500));
        await using var db = Database.NewContext();
        var order = await db.Orders.AsNoTracking().Include(o => o.Lines).SingleAsync(o => o.Id == orderId);
        order.Status.ShouldBe(OrderStatus.AwaitingCustomer);
        order.Lines.Select(l => (l.ProductId, l.Quantity)).ShouldBe([(_milk.Id, 0), (_bread.Id, 0), (_chakki.Id, 1)], ignoreOrder: true);
        (await StocksAsync()).ShouldBe((12, 11, 0));
    }

    [Fact]
    public async Task Leaving_nothing_to_send_says_to_reject_instead_and_cannot_be_sent()
    {
        var orderId = await PlacedOrderAsync();
        var (provider, _) = await OpenAsync(orderId);
        provider.WaitForAssertion(() => provider.FindAll("[data-testid=change-line]").Count.ShouldBe(2), Patience);

        await Line(provider, 0, "[data-testid=fewer]").ClickAsync(new());
        await Line(provider, 0, "[data-testid=fewer]").ClickAsync(new());
        await Line(provider, 1, "[data-testid=fewer]").ClickAsync(new());

        provider.Find("[data-testid=nothing-left]").TextContent.ShouldContain("reject the order instead");
        provider.Find("[data-testid=send]").HasAttribute("disabled").ShouldBeTrue();
        await Line(provider, 1, "[data-testid=more]").ClickAsync(new());
        provider.FindAll("[data-testid=nothing-left]").ShouldBeEmpty();
        provider.Find("[data-testid=send]").HasAttribute("disabled").ShouldBeFalse();
    }

    [Fact]
    public async Task A_substitute_sold_out_meanwhile_is_explained_and_the_dialog_stays_open_with_nothing_changed()
    {
        var orderId = await PlacedOrderAsync();
        var (provider, reference) = await OpenAsync(orderId);
        provider.WaitForAssertion(() => provider.FindAll("[data-testid=change-line]").Count.ShouldBe(2), Patience);
        await Line(provider, 1, "[data-testid=substitute]").ClickAsync(new());
        provider.WaitForAssertion(() => provider.FindAll("[data-testid=candidate]").Count.ShouldBe(2), Patience);
        await provider.FindAll("[data-testid=candidate]").Single(c => c.TextContent.Contains("Chakki", StringComparison.Ordinal)).ClickAsync(new());

        // Meanwhile the last chakki atta is sold to someone else.
        await using (var db = Database.NewContext())
        {
            await db.Products.Where(p => p.Id == _chakki.Id).ExecuteUpdateAsync(set => set.SetProperty(p => p.Stock, 0));
        }

        await provider.Find("[data-testid=send]").ClickAsync(new());

        provider.WaitForAssertion(
            () => provider.Find("[data-testid=problem]").TextContent.ShouldBe("Only 0 of Pillsbury Chakki Atta (5 kg) left on the shelf; the substitute needs 1. Nothing was changed."),
            Patience);
        reference.Result.IsCompleted.ShouldBeFalse();
        provider.Find("[data-testid=chosen-substitute]").ShouldNotBeNull();
        await using var check = Database.NewContext();
        (await check.Orders.AsNoTracking().SingleAsync(o => o.Id == orderId)).Status.ShouldBe(OrderStatus.Placed);
        (await StocksAsync()).ShouldBe((10, 10, 0));
    }

    [Fact]
    public async Task An_order_no_longer_new_cannot_be_changed_here()
    {
        var orderId = await PlacedOrderAsync();
        await using (var db = Database.NewContext())
        {
            var order = await db.Orders.SingleAsync(o => o.Id == orderId);
            order.TransitionTo(OrderStatus.Accepted, new Actor(ActorRole.Merchant, _merchantId), Clock).IsSuccess.ShouldBeTrue();
            await db.SaveChangesAsync();
        }

        var (provider, _) = await OpenAsync(orderId);

        provider.WaitForAssertion(() => provider.Find("[data-testid=problem]").TextContent.Trim().ShouldBe("This order is accepted now; only a new order can be changed."), Patience);
        provider.FindAll("[data-testid=change-line]").ShouldBeEmpty();
        provider.Find("[data-testid=send]").HasAttribute("disabled").ShouldBeTrue();
    }

    private static AngleSharp.Dom.IElement Line(IRenderedComponent<MudDialogProvider> provider, int index, string selector) =>
        provider.FindAll("[data-testid=change-line]")[index].QuerySelector(selector)
            ?? throw new InvalidOperationException($"Line {index} has no {selector}.");

    private async Task<(IRenderedComponent<MudDialogProvider> Provider, IDialogReference Reference)> OpenAsync(Guid orderId)
    {
        var provider = Render<MudDialogProvider>();
        var dialogs = Services.GetRequiredService<IDialogService>();
        IDialogReference? reference = null;
        await provider.InvokeAsync(async () => reference = await dialogs.ShowAsync<OrderChangesDialog>(
            "Change the order",
            new DialogParameters<OrderChangesDialog> { { d => d.OrderId, orderId } }));
        return (provider, reference!);
    }

    /// <summary>Milk × 2 (₹60) and bread × 1 (₹40), delivery ₹15: ₹115.</summary>
    private async Task<Guid> PlacedOrderAsync()
    {
        var order = new Order(
            Guid.CreateVersion7(),
            _customerId,
            _store.Id,
            Guid.NewGuid(),
            "Flat 4, 12th Main, Indiranagar",
            DemoShop.Indiranagar,
            null,
            PaymentMethod.CashOnDelivery,
            IfUnavailable.Proceed,
            new Money(1500),
            [new OrderLine(_milk.Id, _milk.Name, _milk.Unit, _milk.Price, 2), new OrderLine(_bread.Id, _bread.Name, _bread.Unit, _bread.Price, 1)],
            new Actor(ActorRole.Customer, _customerId),
            Clock.GetUtcNow());
        await using var db = Database.NewContext();
        db.Orders.Add(order);
        await db.SaveChangesAsync();
        return order.Id;
    }

    private async Task<(int Milk, int Bread, int Chakki)> StocksAsync()
    {
        await using var db = Database.NewContext();
        var stocks = await db.Products.AsNoTracking().ToDictionaryAsync(p => p.Id, p => p.Stock);
        return (stocks[_milk.Id], stocks[_bread.Id], stocks[_chakki.Id]);
    }
}
