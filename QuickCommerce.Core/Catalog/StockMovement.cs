namespace QuickCommerce.Core.Catalog;

/// <summary>Why a product's stock changed.</summary>
public enum StockChangeReason
{
    /// <summary>Goods came in from a supplier.</summary>
    Received,
    /// <summary>Broken, spoilt or expired: taken off the shelf.</summary>
    Damaged,
    /// <summary>A count found the shelf differed from the books.</summary>
    Correction,
    /// <summary>Reserved by a customer's order.</summary>
    Sale,
    /// <summary>Back on the shelf: an order was cancelled, rejected or reduced.</summary>
    Returned,
}

/// <summary>
/// One entry of a product's stock ledger: a signed change with its reason, who made it and the
/// stock it left. Stock edits are deltas ("+10 received"), never overwrites, so two devices (or an
/// offline phone replaying later) adding stock at once both count.
/// </summary>
public sealed class StockMovement
{
    private StockMovement()
    {
    }

    public StockMovement(Guid productId, Guid storeId, int delta, StockChangeReason reason, int stockAfter, Guid? actorId, Guid? orderId, string? note, DateTimeOffset at)
    {
        if (delta == 0)
        {
            throw new ArgumentOutOfRangeException(nameof(delta), "A stock movement changes the stock.");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(stockAfter);
        ProductId = productId;
        StoreId = storeId;
        Delta = delta;
        Reason = reason;
        StockAfter = stockAfter;
        ActorId = actorId;
        OrderId = orderId;
        Note = note;
        At = at;
    }

    public long Id { get; private set; }

    public Guid ProductId { get; private set; }

    public Guid StoreId { get; private set; }

    public int Delta { get; private set; }

    public StockChangeReason Reason { get; private set; }

    /// <summary>The product's stock once this change applied.</summary>
    public int StockAfter { get; private set; }

    /// <summary>Who made it; null for the platform (e.g. an auto-rejected order's stock coming back).</summary>
    public Guid? ActorId { get; private set; }

    /// <summary>The order behind a sale or return.</summary>
    public Guid? OrderId { get; private set; }

    public string? Note { get; private set; }

    public DateTimeOffset At { get; private set; }
}
