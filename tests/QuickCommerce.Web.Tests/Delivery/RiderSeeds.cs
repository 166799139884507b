using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using NetTopologySuite.Geometries;
using QuickCommerce.Core.Accounts;
using QuickCommerce.Core.Catalog;
using QuickCommerce.Core.Common;
using QuickCommerce.Core.Delivery;
using QuickCommerce.Core.Ordering;
using QuickCommerce.Core.Stores;
using QuickCommerce.Infrastructure.Identity;
using QuickCommerce.Infrastructure.Jobs;
using QuickCommerce.TestSupport;

namespace QuickCommerce.Web.Tests.Delivery;

/// <summary>Shops, riders at known distances and packed orders for the rider-assignment tests.</summary>
public static class RiderSeeds
{
    /// <summary>A point <paramref name="metresNorth"/> north of Indiranagar's centre (where <see cref="ShopAsync"/> puts shop A).</summary>
    public static Point North(double metresNorth) =>
        GeoPoint.Create(DemoShop.Indiranagar.Latitude + (metresNorth / 111_320.0), DemoShop.Indiranagar.Longitude).Value.ToPoint();

    /// <summary>An approved, open shop of <paramref name="ownerId"/>, <paramref name="metresNorth"/> north of Indiranagar, with one product.</summary>
    public static async Task<(Store Store, Product Product)> ShopAsync(TestDatabase database, Guid ownerId, string name, double metresNorth = 0)
    {
        ArgumentNullException.ThrowIfNull(database);
        var store = new Store(Guid.NewGuid(), ownerId, name, "12, 100 Feet Road", "Indiranagar", "560038", "+918041234567",
            GeoPoint.FromPoint(North(metresNorth)), 4000, OpeningHours.AllDay(), Money.Zero, Money.Zero, DateTimeOffset.UnixEpoch);
        store.Approve();
        var product = DemoShop.Product(store, "Aashirvaad Atta", pricePaise: 4500, mrpPaise: 4500, stock: 100_000);
        await using var db = database.NewContext();
        db.Stores.Add(store);
        db.Products.Add(product);
        await db.SaveChangesAsync();
        return (store, product);
    }

    /// <summary>
    /// A rider account (approved unless told otherwise) whose app last reported <paramref name="metresNorth"/>
    /// north of Indiranagar <paramref name="age"/> ago; no position at all when <paramref name="metresNorth"/> is null.
    /// </summary>
    public static async Task<ApplicationUser> RiderAsync(
        QuickCommerceApp app,
        double? metresNorth,
        bool available = true,
        ApprovalStatus approval = ApprovalStatus.Approved,
        TimeSpan? age = null,
        string vehicle = "Scooter")
    {
        ArgumentNullException.ThrowIfNull(app);
        var rider = await TestAccounts.CreateAsync(app, Roles.Rider, approval);
        await using var db = app.Database.NewContext();
        await db.Users.Where(u => u.Id == rider.Id).ExecuteUpdateAsync(set => set.SetProperty(u => u.VehicleType, vehicle));
        if (metresNorth is { } metres)
        {
            db.RiderPresence.Add(new RiderPresence(rider.Id, North(metres), available, DateTimeOffset.UtcNow - (age ?? TimeSpan.Zero)));
            await db.SaveChangesAsync();
        }

        return rider;
    }

    /// <summary>Makes <paramref name="riderId"/> one of <paramref name="store"/>'s own riders.</summary>
    public static async Task OwnRiderAsync(TestDatabase database, Store store, Guid riderId)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(store);
        await using var db = database.NewContext();
        db.StoreRiders.Add(new StoreRider(store.Id, riderId, DateTimeOffset.UtcNow));
        await db.SaveChangesAsync();
    }

    /// <summary>An order of <paramref name="customerId"/> at the shop, accepted and packed by the shop, written straight to the database.</summary>
    public static async Task<Guid> PackedOrderAsync(TestDatabase database, Store store, Product product, Guid customerId)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(product);
        var merchant = new Actor(ActorRole.Merchant, store.OwnerId);
        var order = new Order(
            Guid.NewGuid(), customerId, store.Id, Guid.NewGuid(), "Flat 4, 12th Main, Indiranagar", DemoShop.Indiranagar, null,
            PaymentMethod.CashOnDelivery, IfUnavailable.Proceed, Money.Zero,
            [new OrderLine(product.Id, product.Name, product.Unit, new Money(product.PricePaise), 1)],
            new Actor(ActorRole.Customer, customerId), DateTimeOffset.UtcNow);
        order.TransitionTo(OrderStatus.Accepted, merchant, TimeProvider.System).IsSuccess.ShouldBeTrue();
        order.TransitionTo(OrderStatus.Packed, merchant, TimeProvider.System).IsSuccess.ShouldBeTrue();
        await using var db = database.NewContext();
        db.Orders.Add(order);
        await db.SaveChangesAsync();
        return order.Id;
    }

    /// <summary>A packed order given to <paramref name="riderId"/> behind the API's back: a rider busy elsewhere.</summary>
    public static async Task<Guid> AssignedOrderAsync(TestDatabase database, Store store, Product product, Guid customerId, Guid riderId)
    {
        var id = await PackedOrderAsync(database, store, product, customerId);
        await using var db = database.NewContext();
        var order = await db.Orders.SingleAsync(o => o.Id == id);
        order.AssignRider(riderId, new Actor(ActorRole.Merchant, store.OwnerId), TimeProvider.System).IsSuccess.ShouldBeTrue();
        await db.SaveChangesAsync();
        return id;
    }

    public static async Task<Order> OrderAsync(TestDatabase database, Guid orderId)
    {
        ArgumentNullException.ThrowIfNull(database);
        await using var db = database.NewContext();
        return await db.Orders.AsNoTracking().Include(o => o.Events).SingleAsync(o => o.Id == orderId);
    }

    /// <summary>The inbox titles of <paramref name="userId"/>, oldest first.</summary>
    public static async Task<List<string>> InboxTitlesAsync(TestDatabase database, Guid userId)
    {
        ArgumentNullException.ThrowIfNull(database);
        await using var db = database.NewContext();
        return await db.InboxMessages.AsNoTracking().Where(m => m.UserId == userId).OrderBy(m => m.CreatedAt).Select(m => m.Title).ToListAsync();
    }

    /// <summary>Waits (up to 20 s) until every job whose key starts with <paramref name="keyPrefix"/> has succeeded; returns their keys.</summary>
    public static async Task<List<string>> SucceededJobsAsync(TestDatabase database, string keyPrefix, int atLeast = 1)
    {
        ArgumentNullException.ThrowIfNull(database);
        var deadline = DateTimeOffset.UtcNow.AddSeconds(20);
        while (true)
        {
            await using var db = database.NewContext();
            var jobs = await db.Jobs.AsNoTracking().Where(j => j.Key.StartsWith(keyPrefix)).ToListAsync();
            if ((jobs.Count >= atLeast && jobs.All(j => j.Status == JobStatus.Succeeded)) || DateTimeOffset.UtcNow > deadline)
            {
                jobs.Count.ShouldBeGreaterThanOrEqualTo(atLeast, $"jobs {keyPrefix}*");
                jobs.ShouldAllBe(j => j.Status == JobStatus.Succeeded, $"jobs {keyPrefix}*: {string.Join(", ", jobs.Select(j => $"{j.Key} {j.Status}"))}");
                return [.. jobs.Select(j => j.Key)];
            }

            await Task.Delay(100);
        }
    }

    /// <summary>The title of a ProblemDetails response.</summary>
    public static async Task<string> ProblemTitleAsync(HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString()!;
    }

    /// <summary>The first message a ValidationProblem gives for <paramref name="field"/>.</summary>
    public static async Task<string> ErrorForAsync(HttpResponseMessage response, string field)
    {
        ArgumentNullException.ThrowIfNull(response);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty(field)[0].GetString()!;
    }
}
