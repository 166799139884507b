using Microsoft.EntityFrameworkCore;
using QuickCommerce.Core.Common;
using QuickCommerce.Core.Stores;
using QuickCommerce.Infrastructure.Caching;
using QuickCommerce.Infrastructure.Persistence;

namespace QuickCommerce.Web.Features.StoreSettings;

/// <summary>
/// The owner's side of their shop's settings: hours, the open/closed switch, delivery terms,
/// contact and holiday closures. Every change is checked whole before anything is written: one
/// wrong field and nothing changes. After a change the shop's cached catalogue and searches are
/// dropped, so customers see the new state at once (the nearby list itself is never cached).
/// Settings are last-write-wins per field: two devices saving at once each keep what they typed
/// last, and nothing is half-saved.
/// </summary>
public sealed class StoreSettingsEditor(QuickCommerceDbContext db, CatalogueCache catalogue, TimeProvider clock)
{
    /// <summary>The settings of the merchant's shop, or null when no shop is linked to the account.</summary>
    public async Task<StoreSettingsView?> GetAsync(Guid ownerId, CancellationToken cancellationToken)
    {
        var store = await OwnedStore(ownerId).AsNoTracking().FirstOrDefaultAsync(cancellationToken);
        return store is null ? null : await ViewAsync(store, cancellationToken);
    }

    public async Task<SettingsOutcome<StoreSettingsView>> UpdateAsync(Guid ownerId, StoreSettingsInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var store = await OwnedStore(ownerId).FirstOrDefaultAsync(cancellationToken);
        if (store is null)
        {
            return SettingsOutcome.WithoutStore<StoreSettingsView>();
        }

        // Each rule is checked on the tracked store; with any error the context is simply not saved.
        var errors = new FieldErrors();
        if (WeekdayHours.ToOpeningHours(input.Hours, errors) is { } hours)
        {
            Check(store.ChangeHours(hours), errors);
        }

        if (Required(input.DeliveryRadiusMetres, "deliveryRadiusMetres", "Give the delivery radius in metres.", errors) is { } radius)
        {
            Check(store.ChangeDeliveryRadius(radius), errors);
        }

        if (Required(input.MinimumOrderPaise, "minimumOrderPaise", "Give the minimum order in paise (0 for none).", errors) is { } minimum)
        {
            Check(store.ChangeMinimumOrder(new Money(minimum)), errors);
        }

        if (Required(input.DeliveryFeePaise, "deliveryFeePaise", "Give the delivery fee in paise (0 for free delivery).", errors) is { } fee)
        {
            Check(store.ChangeDeliveryFee(new Money(fee)), errors);
        }

        Check(store.ChangePhone(input.Phone), errors);
        if (errors.Any)
        {
            return SettingsOutcome.Invalid<StoreSettingsView>(errors);
        }

        await db.SaveChangesAsync(cancellationToken);
        await catalogue.InvalidateStoreAsync(store.Id, CancellationToken.None);
        return SettingsOutcome.Done(await ViewAsync(store, cancellationToken));
    }

    /// <summary>
    /// The open/closed switch. Off takes the shop out of the nearby list, search and checkout at
    /// once, whatever its hours say; on lets its hours and closures decide again.
    /// </summary>
    public async Task<SettingsOutcome<OpenState>> SetOpenAsync(Guid ownerId, bool open, CancellationToken cancellationToken)
    {
        var store = await OwnedStore(ownerId).FirstOrDefaultAsync(cancellationToken);
        if (store is null)
        {
            return SettingsOutcome.WithoutStore<OpenState>();
        }

        store.SetAcceptingOrders(open);
        await db.SaveChangesAsync(cancellationToken);
        await catalogue.InvalidateStoreAsync(store.Id, CancellationToken.None);
        var availability = store.AvailabilityAt(clock.GetUtcNow(), await ClosuresAsync(store, cancellationToken));
        return SettingsOutcome.Done(new OpenState(store.IsAcceptingOrders, availability.IsOpen, availability.OpensAt));
    }

    /// <summary>
    /// Plans a holiday closure. The store row is locked while the overlap check runs, so two
    /// devices adding overlapping closures at once cannot both succeed; the very same closure sent
    /// twice (a retry after a dropped connection) returns the first one.
    /// </summary>
    public async Task<SettingsOutcome<ClosureScheduled>> AddClosureAsync(Guid ownerId, ClosureInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var errors = new FieldErrors();
        Required(input.FirstDay, "firstDay", "Give the first closed day.", errors);
        Required(input.LastDay, "lastDay", "Give the last closed day (the same as the first for one day).", errors);
        if (errors.Any)
        {
            return SettingsOutcome.Invalid<ClosureScheduled>(errors);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var store = await OwnedStore(ownerId).FirstOrDefaultAsync(cancellationToken);
        if (store is null)
        {
            return SettingsOutcome.WithoutStore<ClosureScheduled>();
        }

        await db.Database.ExecuteSqlAsync($"SELECT 1 FROM stores WHERE id = {store.Id} FOR UPDATE", cancellationToken);
        var firstDay = input.FirstDay!.Value;
        var existing = await db.StoreClosures.AsNoTracking()
            .Where(c => c.StoreId == store.Id && c.LastDay >= firstDay)
            .ToListAsync(cancellationToken);
        var scheduled = store.ScheduleClosure(firstDay, input.LastDay!.Value, input.Reason, existing, clock.GetUtcNow());
        if (!scheduled.IsSuccess)
        {
            Check(scheduled.Error!, errors);
            return SettingsOutcome.Invalid<ClosureScheduled>(errors);
        }

        var closure = scheduled.Value!;
        var created = !existing.Contains(closure);
        if (created)
        {
            db.StoreClosures.Add(closure);
            await db.SaveChangesAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        await catalogue.InvalidateStoreAsync(store.Id, CancellationToken.None);
        return SettingsOutcome.Done(new ClosureScheduled(View(closure), created));
    }

    /// <summary>Removes one of the shop's closures; false when the shop has no such closure.</summary>
    public async Task<bool> RemoveClosureAsync(Guid ownerId, Guid closureId, CancellationToken cancellationToken)
    {
        var storeId = await OwnedStore(ownerId).Select(s => (Guid?)s.Id).FirstOrDefaultAsync(cancellationToken);
        if (storeId is null)
        {
            return false;
        }

        var removed = await db.StoreClosures.Where(c => c.Id == closureId && c.StoreId == storeId).ExecuteDeleteAsync(cancellationToken);
        if (removed > 0)
        {
            await catalogue.InvalidateStoreAsync(storeId.Value, CancellationToken.None);
        }

        return removed > 0;
    }

    /// <summary>The merchant's shop: the first one they registered, as the dashboard shows it.</summary>
    private IQueryable<Store> OwnedStore(Guid ownerId) =>
        db.Stores.Where(s => s.OwnerId == ownerId).OrderBy(s => s.CreatedAt).ThenBy(s => s.Id);

    /// <summary>Closures that matter from yesterday on (yesterday's late-night window may still be running).</summary>
    private async Task<List<StoreClosure>> ClosuresAsync(Store store, CancellationToken cancellationToken)
    {
        var yesterday = store.LocalDay(clock.GetUtcNow()).AddDays(-1);
        return await db.StoreClosures.AsNoTracking()
            .Where(c => c.StoreId == store.Id && c.LastDay >= yesterday)
            .OrderBy(c => c.FirstDay)
            .ToListAsync(cancellationToken);
    }

    private async Task<StoreSettingsView> ViewAsync(Store store, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var closures = await ClosuresAsync(store, cancellationToken);
        var availability = store.AvailabilityAt(now, closures);
        var today = store.LocalDay(now);
        return new StoreSettingsView(
            store.Id,
            store.Name,
            store.PhotoKey,
            store.IsAcceptingOrders,
            availability.IsOpen,
            availability.OpensAt,
            store.TimeZoneId,
            WeekdayHours.Of(store.Hours),
            store.DeliveryRadiusMetres,
            store.MinimumOrderPaise,
            store.DeliveryFeePaise,
            store.Phone,
            [.. closures.Where(c => c.LastDay >= today).Select(View)]);
    }

    private static ClosureView View(StoreClosure closure) => new(closure.Id, closure.FirstDay, closure.LastDay, closure.Reason);

    private static T? Required<T>(T? value, string field, string message, FieldErrors errors)
        where T : struct
    {
        if (value is null)
        {
            errors.Add(field, message);
        }

        return value;
    }

    private static void Check(Result result, FieldErrors errors)
    {
        if (!result.IsSuccess)
        {
            errors.Add(result.Error!.Code, result.Error.Message);
        }
    }
}
