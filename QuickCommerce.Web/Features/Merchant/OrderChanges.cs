using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using QuickCommerce.Core.Common;
using QuickCommerce.Core.Jobs;
using QuickCommerce.Core.Ordering;
using QuickCommerce.Infrastructure.Caching;
using QuickCommerce.Infrastructure.Persistence;
using QuickCommerce.Web.Features.Orders;

namespace QuickCommerce.Web.Features.Merchant;

/// <summary>A new quantity for a line of the order (0: the shop has none).</summary>
public sealed record LineChangeInput(long? LineId, int? Qty);

/// <summary>A product of the same shop offered instead of a line, and how many.</summary>
public sealed record SubstituteInput(long? LineId, Guid? ProductId, int? Qty);

/// <summary>POST /api/v1/orders/{id}/changes body: new quantities and/or substitutes, and an optional note the customer reads.</summary>
public sealed record ProposeChangesRequest(IReadOnlyList<LineChangeInput>? Lines, IReadOnlyList<SubstituteInput>? Substitutes, string? Note);

/// <summary>A product the shop could offer instead of a line: what the dialog's search lists.</summary>
public sealed record SubstituteCandidate(Guid ProductId, string Name, string Unit, long PricePaise, int Stock);

/// <summary>
/// Partial acceptance and substitution: the shop changes a placed order, the customer approves or
/// declines, and without an answer by the deadline the platform applies the customer's choice from
/// checkout. Each move is one transaction: the order's version is the fencing token (two devices, or
/// the customer and the timeout, at once: exactly one wins), stock given back or taken for
/// substitutes commits with it (and with its stock ledger entries), and so do the follow-up jobs.
/// </summary>
public sealed class OrderChanges(
    QuickCommerceDbContext db, IJobQueue jobs, CatalogueCache catalogue, IOptions<OrderChangesOptions> options, TimeProvider clock)
{
    /// <summary>Most lines or substitutes one proposal may name, as for an order.</summary>
    public const int MaxEntries = 50;

    /// <summary>Most units of a substitute, as for an order line.</summary>
    public const int MaxQuantity = 50;

    /// <summary>An order of the merchant's shop line by line, with line ids to change; null when it is not theirs.</summary>
    public async Task<OrderChangesView?> FindForShopAsync(Guid merchantId, Guid orderId, CancellationToken cancellationToken)
    {
        var order = await db.Orders.AsNoTracking().Include(o => o.Lines).SingleOrDefaultAsync(OfShop(merchantId, orderId), cancellationToken);
        return order is null ? null : OrderChangesView.Of(order, await StoreNameAsync(order.StoreId, cancellationToken));
    }

    /// <summary>
    /// Products of the order's shop on sale with stock, whose name or brand contains <paramref name="search"/>
    /// (all when empty), by name; at most 20. Empty when the order is not the merchant's.
    /// </summary>
    public async Task<IReadOnlyList<SubstituteCandidate>> SearchSubstitutesAsync(Guid merchantId, Guid orderId, string? search, CancellationToken cancellationToken)
    {
        var storeId = await db.Orders.AsNoTracking().Where(OfShop(merchantId, orderId)).Select(o => (Guid?)o.StoreId).SingleOrDefaultAsync(cancellationToken);
        if (storeId is null)
        {
            return [];
        }

        var products = db.Products.AsNoTracking().Where(p => p.StoreId == storeId && p.IsActive && p.Stock > 0);
        if (!string.IsNullOrWhiteSpace(search))
        {
            var pattern = $"%{EscapeLike(search.Trim())}%";
            products = products.Where(p => EF.Functions.ILike(p.Name, pattern, "\\") || EF.Functions.ILike(p.Brand, pattern, "\\"));
        }

        return await products
            .OrderBy(p => p.Name)
            .Take(20)
            .Select(p => new SubstituteCandidate(p.Id, p.Name, p.Unit, p.PricePaise, p.Stock))
            .ToListAsync(cancellationToken);
    }

    /// <summary>
    /// The shop's changes to a placed order of its own. Substitutes are priced from the catalogue now
    /// and must be the same shop's, on sale and on the shelf; what is dropped goes back on the shelf at
    /// once. Then the customer is told and has <see cref="OrderChangesOptions.ApprovalWindow"/> to answer.
    /// </summary>
    public async Task<Result<OrderChangesView>> ProposeAsync(Guid merchantId, Guid orderId, ProposeChangesRequest? request, CancellationToken cancellationToken)
    {
        if (ShapeProblem(request) is { } malformed)
        {
            return malformed;
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var order = await db.Orders.Include(o => o.Lines).SingleOrDefaultAsync(OfShop(merchantId, orderId), cancellationToken);
        if (order is null)
        {
            return DomainError.NotFound("order.not-found", "There is no such order in your shop.");
        }

        if (order.Status != OrderStatus.Placed)
        {
            return DomainError.Conflict("order.not-changeable", $"This order is {Order.Describe(order.Status)} now; only a new order can be changed.");
        }

        var storeName = await StoreNameAsync(order.StoreId, cancellationToken);
        var substitutes = request!.Substitutes ?? [];
        var ids = substitutes.Select(s => s.ProductId!.Value).Distinct().ToList();
        var products = await db.Products.AsNoTracking()
            .Where(p => ids.Contains(p.Id) && p.StoreId == order.StoreId)
            .ToDictionaryAsync(p => p.Id, cancellationToken);
        for (var i = 0; i < substitutes.Count; i++)
        {
            var productId = substitutes[i].ProductId!.Value;
            if (!products.TryGetValue(productId, out var product))
            {
                return DomainError.Validation($"substitutes[{i}].productId", $"{storeName} does not sell product {productId}: offer one of your own shop's products.");
            }

            if (!product.IsActive)
            {
                return DomainError.Validation($"substitutes[{i}].productId", $"{product.Name} is switched off in your shop; switch it on or offer another product.");
            }
        }

        var changes = new ProposedChanges(
            [.. (request.Lines ?? []).Select(l => new ProposedQuantity(l.LineId!.Value, l.Qty!.Value))],
            [.. substitutes.Select(s =>
            {
                var product = products[s.ProductId!.Value];
                return new ProposedSubstitute(s.LineId!.Value, product.Id, product.Name, product.Unit, product.Price, s.Qty!.Value);
            })],
            string.IsNullOrWhiteSpace(request.Note) ? null : request.Note.Trim());
        var deadline = clock.GetUtcNow() + options.Value.ApprovalWindow;
        var proposed = order.ProposeChanges(changes, new Actor(ActorRole.Merchant, merchantId), clock, deadline);
        if (!proposed.IsSuccess)
        {
            return proposed.Error!;
        }

        if (!await SaveMoveAsync(transaction, cancellationToken))
        {
            return await ChangedMeanwhileAsync(orderId, cancellationToken);
        }

        var shortOf = await ShelfStock.ChangeReservationAsync(db, jobs, order, proposed.Value!, cancellationToken);
        if (shortOf.Count > 0)
        {
            await transaction.RollbackAsync(cancellationToken);
            var (productId, left) = shortOf.First();
            var wanted = proposed.Value!.Where(c => c.ProductId == productId).Sum(c => c.Units);
            return DomainError.Conflict(
                "order.short-stock",
                $"Only {left} of {products[productId].Name} ({products[productId].Unit}) left on the shelf; the substitute needs {wanted}. Nothing was changed.");
        }

        // Answering an order silences its new-order alert on every device, as accepting does (OrderMoves):
        // a conditional update, so neither the version moves nor an earlier time is overwritten.
        var now = clock.GetUtcNow();
        await db.Orders.Where(o => o.Id == order.Id && o.AcknowledgedAt == null)
            .ExecuteUpdateAsync(set => set.SetProperty(o => o.AcknowledgedAt, now), cancellationToken);
        OrderStatusChangedHandler.Enqueue(jobs, order, ActorRole.Merchant, changes.Note);
        jobs.Enqueue(OrderChangesTimeoutHandler.JobType, OrderChangesTimeoutHandler.KeyFor(order.Id), new OrderChangesTimedOut(order.Id), deadline);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        await catalogue.InvalidateStoreAsync(order.StoreId, CancellationToken.None);
        return OrderChangesView.Of(order, storeName);
    }

    /// <summary>The customer takes the changed order: it is accepted and the shop packs it.</summary>
    public Task<Result<OrderChangesView>> ApproveAsync(Guid customerId, Guid orderId, CancellationToken cancellationToken) =>
        AnswerAsync(o => o.Id == orderId && o.CustomerId == customerId, o => o.ApproveChanges(new Actor(ActorRole.Customer, customerId), clock), ActorRole.Customer, cancellationToken);

    /// <summary>The customer does not want the changed order: it is cancelled and everything it still holds goes back on the shelf.</summary>
    public Task<Result<OrderChangesView>> DeclineAsync(Guid customerId, Guid orderId, CancellationToken cancellationToken) =>
        AnswerAsync(o => o.Id == orderId && o.CustomerId == customerId, o => o.DeclineChanges(new Actor(ActorRole.Customer, customerId), clock), ActorRole.Customer, cancellationToken);

    /// <summary>
    /// The deadline passed: applies the customer's choice from checkout if the order still waits for
    /// them. An order already answered (or gone) needs nothing, and neither does losing the race to an
    /// answer that commits at the same moment: either way exactly one outcome stands. Fails only while
    /// the deadline has not come by this clock, for the caller to try again.
    /// </summary>
    public async Task<Result> ApplyDefaultAsync(Guid orderId, CancellationToken cancellationToken)
    {
        var applied = await AnswerAsync(o => o.Id == orderId, o => o.ApplyChangesDefault(clock), ActorRole.System, cancellationToken);
        return applied.IsSuccess || applied.Error!.Code is "order.not-found" or "order.no-changes-to-answer" or "order.changed"
            ? Result.Success()
            : Result.Failure(applied.Error);
    }

    private async Task<Result<OrderChangesView>> AnswerAsync(
        Expression<Func<Order, bool>> which, Func<Order, Result> answer, ActorRole by, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var order = await db.Orders.Include(o => o.Lines).SingleOrDefaultAsync(which, cancellationToken);
        if (order is null)
        {
            return DomainError.NotFound("order.not-found", "There is no such order.");
        }

        var moved = answer(order);
        if (!moved.IsSuccess)
        {
            return moved.Error!;
        }

        if (!await SaveMoveAsync(transaction, cancellationToken))
        {
            return await ChangedMeanwhileAsync(order.Id, cancellationToken);
        }

        if (order.Status == OrderStatus.Cancelled)
        {
            // Dropped lines are at 0 already: this gives back exactly what the order still holds, substitutes included.
            await ShelfStock.ReleaseAsync(db, order.Lines, cancellationToken);
        }

        OrderStatusChangedHandler.Enqueue(jobs, order, by, order.Events[^1].Reason);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        if (order.Status == OrderStatus.Cancelled)
        {
            await catalogue.InvalidateStoreAsync(order.StoreId, CancellationToken.None);
        }

        return OrderChangesView.Of(order, await StoreNameAsync(order.StoreId, cancellationToken));
    }

    /// <summary>
    /// Saves the order's move on its own, before its follow-up jobs: the version check on the order
    /// row is what decides a race, and the loser must meet it there — not at the jobs' unique keys,
    /// which the customer's "approve" and the timeout's "proceed" share. False when someone else won.
    /// </summary>
    private async Task<bool> SaveMoveAsync(Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction transaction, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateConcurrencyException)
        {
            await transaction.RollbackAsync(cancellationToken);
            return false;
        }
    }

    private async Task<DomainError> ChangedMeanwhileAsync(Guid orderId, CancellationToken cancellationToken)
    {
        var now = await db.Orders.AsNoTracking().Where(o => o.Id == orderId).Select(o => o.Status).SingleAsync(cancellationToken);
        return DomainError.Conflict("order.changed", $"This order changed a moment ago and is {Order.Describe(now)} now.");
    }

    private Expression<Func<Order, bool>> OfShop(Guid merchantId, Guid orderId) =>
        o => o.Id == orderId && db.Stores.Any(s => s.Id == o.StoreId && s.OwnerId == merchantId);

    private Task<string> StoreNameAsync(Guid storeId, CancellationToken cancellationToken) =>
        db.Stores.AsNoTracking().Where(s => s.Id == storeId).Select(s => s.Name).SingleAsync(cancellationToken);

    /// <summary>What is wrong with the request's shape, naming the field; null when every entry is complete and in range.</summary>
    private static DomainError? ShapeProblem(ProposeChangesRequest? request)
    {
        if (request is null || ((request.Lines?.Count ?? 0) == 0 && (request.Substitutes?.Count ?? 0) == 0))
        {
            return DomainError.Validation("lines", "Say what changes: new quantities for lines, substitutes, or both.");
        }

        if (request.Lines is { Count: > MaxEntries })
        {
            return DomainError.Validation("lines", $"Change at most {MaxEntries} lines at once.");
        }

        if (request.Substitutes is { Count: > MaxEntries })
        {
            return DomainError.Validation("substitutes", $"Offer at most {MaxEntries} substitutes at once.");
        }

        for (var i = 0; i < (request.Lines?.Count ?? 0); i++)
        {
            var line = request.Lines![i];
            if (line?.LineId is null)
            {
                return DomainError.Validation($"lines[{i}].lineId", "Each change names a line of the order.");
            }

            if (line.Qty is null)
            {
                return DomainError.Validation($"lines[{i}].qty", "Give the new quantity (0 when the shop has none).");
            }
        }

        for (var i = 0; i < (request.Substitutes?.Count ?? 0); i++)
        {
            var substitute = request.Substitutes![i];
            if (substitute?.LineId is null)
            {
                return DomainError.Validation($"substitutes[{i}].lineId", "Each substitute names the line it replaces.");
            }

            if (substitute.ProductId is null || substitute.ProductId == Guid.Empty)
            {
                return DomainError.Validation($"substitutes[{i}].productId", "Name the product offered instead.");
            }

            if (substitute.Qty is not (>= 1 and <= MaxQuantity))
            {
                return DomainError.Validation($"substitutes[{i}].qty", $"A substitute's quantity must be between 1 and {MaxQuantity}.");
            }
        }

        return request.Note is { Length: > Order.ChangesNoteMaxLength }
            ? DomainError.Validation("note", $"Keep the note under {Order.ChangesNoteMaxLength} characters.")
            : null;
    }

    private static string EscapeLike(string text) =>
        text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);
}
