namespace QuickCommerce.Core.Stores;

/// <summary>
/// Days a store is shut whatever its weekly hours say (Diwali, a family wedding): from
/// <see cref="FirstDay"/> to <see cref="LastDay"/>, both included, in the store's own calendar.
/// </summary>
public sealed class StoreClosure
{
    /// <summary>The longest closure a shop may enter at once.</summary>
    public const int MaxDays = 60;

    private StoreClosure()
    {
    }

    public StoreClosure(Guid storeId, DateOnly firstDay, DateOnly lastDay, string? reason)
    {
        if (lastDay < firstDay)
        {
            throw new ArgumentOutOfRangeException(nameof(lastDay), "A closure ends on or after the day it starts.");
        }

        Id = Guid.CreateVersion7();
        StoreId = storeId;
        FirstDay = firstDay;
        LastDay = lastDay;
        Reason = reason;
    }

    public Guid Id { get; private set; }

    public Guid StoreId { get; private set; }

    public DateOnly FirstDay { get; private set; }

    public DateOnly LastDay { get; private set; }

    public string? Reason { get; private set; }

    public bool Covers(DateOnly day) => day >= FirstDay && day <= LastDay;
}
