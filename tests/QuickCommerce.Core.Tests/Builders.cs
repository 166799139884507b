using QuickCommerce.Core.Catalog;
using QuickCommerce.Core.Common;
using QuickCommerce.Core.Ordering;

namespace QuickCommerce.Core.Tests;

/// <summary>
/// Valid Core objects for tests: each builder starts from a plain, valid default and a test changes
/// only what it is about.
/// </summary>
public static class Builders
{
    /// <summary>Monday 2 June 2025, 12:00 IST.</summary>
    public static DateTimeOffset PlacedAt { get; } = new(2025, 6, 2, 6, 30, 0, TimeSpan.Zero);

    public static OrderBuilder AnOrder() => new();

    public static ProductBuilder AProduct() => new();

    public static OrderLine ALine(long unitPricePaise = 3000, int quantity = 1, string name = "Amul Taaza Milk") =>
        new(Guid.NewGuid(), name, "500 ml", new Money(unitPricePaise), quantity);

    /// <summary>Someone acting in <paramref name="role"/>; the platform acts without a user id.</summary>
    public static Actor AnActor(ActorRole role) =>
        role == ActorRole.System ? Actor.System : new Actor(role, Guid.NewGuid());

    /// <summary>A point in Indiranagar, Bengaluru.</summary>
    public static GeoPoint Indiranagar() => GeoPoint.Create(12.9719, 77.6412).Value;
}

public sealed class OrderBuilder
{
    private IReadOnlyList<OrderLine>? _lines;
    private Money _deliveryFee = new(2500);
    private Actor _placedBy = new(ActorRole.Customer, Guid.NewGuid());
    private DateTimeOffset _placedAt = Builders.PlacedAt;

    /// <summary>Replaces the default single line; no arguments means an order without lines.</summary>
    public OrderBuilder WithLines(params OrderLine[] lines)
    {
        _lines = lines;
        return this;
    }

    public OrderBuilder WithDeliveryFee(Money fee)
    {
        _deliveryFee = fee;
        return this;
    }

    public OrderBuilder PlacedBy(Actor actor)
    {
        _placedBy = actor;
        return this;
    }

    public OrderBuilder PlacedAt(DateTimeOffset at)
    {
        _placedAt = at;
        return this;
    }

    public Order Build() => new(
        id: Guid.NewGuid(),
        customerId: Guid.NewGuid(),
        storeId: Guid.NewGuid(),
        idempotencyKey: Guid.NewGuid(),
        deliveryAddress: "14, 12th Main, HAL 2nd Stage, Indiranagar",
        deliveryPoint: Builders.Indiranagar(),
        note: null,
        paymentMethod: PaymentMethod.CashOnDelivery,
        ifUnavailable: IfUnavailable.Proceed,
        deliveryFee: _deliveryFee,
        lines: _lines ?? [Builders.ALine()],
        placedBy: _placedBy,
        now: _placedAt);
}

public sealed class ProductBuilder
{
    private string _name = "Tata Salt";
    private string _unit = "1 kg";
    private Money _price = new(2800);
    private Money _mrp = new(2800);
    private int _stock = 20;

    public ProductBuilder Named(string name)
    {
        _name = name;
        return this;
    }

    public ProductBuilder WithUnit(string unit)
    {
        _unit = unit;
        return this;
    }

    public ProductBuilder Priced(long pricePaise, long mrpPaise)
    {
        _price = new Money(pricePaise);
        _mrp = new Money(mrpPaise);
        return this;
    }

    public ProductBuilder WithStock(int stock)
    {
        _stock = stock;
        return this;
    }

    public Product Build() => new(
        id: Guid.NewGuid(),
        storeId: Guid.NewGuid(),
        categoryId: 1,
        name: _name,
        hindiName: "टाटा नमक (tata namak)",
        brand: "Tata",
        unit: _unit,
        price: _price,
        mrp: _mrp,
        stock: _stock,
        barcode: "8904043901015");
}
