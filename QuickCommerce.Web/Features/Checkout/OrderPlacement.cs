using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using QuickCommerce.Core.Accounts;
using QuickCommerce.Core.Common;
using QuickCommerce.Core.Jobs;
using QuickCommerce.Core.Ordering;
using QuickCommerce.Infrastructure.Persistence;
using QuickCommerce.Web.Features.Merchant;

namespace QuickCommerce.Web.Features.Checkout;

/// <summary>
/// Places an order in the caller's transaction: re-prices from the database, checks the store is
/// approved, open and delivers to the point, reserves stock with one conditional decrement per
/// line (in product-id order, so concurrent orders never deadlock), and writes the order with its
/// lines, first event and follow-up job. Any short line fails the whole order and the transaction is rolled back:
/// nothing reserved, nothing written. Returns the HTTP status and JSON body to send.
/// </summary>
public sealed class OrderPlacement(QuickCommerceDbContext db, IPaymentGateway payments, IJobQueue jobs, IOptions<MerchantAlertOptions> alerts, TimeProvider clock)
{
    public const int MaxLines = 50;
    public const int MaxQuantity = 50;
    public const int NoteMaxLength = 500;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<(int StatusCode, string Body)> PlaceAsync(Guid customerId, Guid idempotencyKey, PlaceOrderRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = Validate(request, out var lines, out var payment, out var ifUnavailable);
        if (errors.Count > 0)
        {
            return Invalid(errors, "The order is not complete.", StatusCodes.Status400BadRequest);
        }

        var store = await db.Stores.AsNoTracking().SingleOrDefaultAsync(s => s.Id == request.StoreId, cancellationToken);
        if (store is null || store.Approval != ApprovalStatus.Approved)
        {
            return Problem(StatusCodes.Status404NotFound, "There is no such store.");
        }

        var now = clock.GetUtcNow();
        var recent = store.LocalDay(now).AddDays(-1);
        var closures = await db.StoreClosures.AsNoTracking().Where(c => c.StoreId == store.Id && c.LastDay >= recent).ToListAsync(cancellationToken);
        var availability = store.AvailabilityAt(now, closures);
        if (!availability.IsOpen)
        {
            return Problem(StatusCodes.Status409Conflict, ClosedTitle(store, store.ClosureOn(now, closures), now), "store.closed", detail: ReopensDetail(availability, now, store.TimeZoneId));
        }

        var (addressText, point, addressError) = await ResolveAddressAsync(customerId, request, cancellationToken);
        if (addressError is not null)
        {
            return Invalid(addressError, "The delivery address is not valid.", StatusCodes.Status422UnprocessableEntity);
        }

        var here = point!.Value.ToPoint();
        var delivers = await db.Stores.AnyAsync(s => s.Id == store.Id && s.Location.IsWithinDistance(here, s.DeliveryRadiusMetres), cancellationToken);
        if (!delivers)
        {
            return Invalid(new() { ["point"] = [$"{store.Name} does not deliver to this address."] }, "This store does not deliver there.", StatusCodes.Status422UnprocessableEntity);
        }

        var ids = lines.Keys.ToList();
        var products = await db.Products.AsNoTracking()
            .Where(p => ids.Contains(p.Id) && p.StoreId == store.Id && p.IsActive)
            .ToDictionaryAsync(p => p.Id, cancellationToken);
        var unknown = ids.Where(id => !products.ContainsKey(id)).ToList();
        if (unknown.Count > 0)
        {
            return Invalid(
                new() { ["lines"] = [.. unknown.Select(id => $"Product {id} is not sold by {store.Name}.")] },
                "Some products are not in this store.",
                StatusCodes.Status422UnprocessableEntity);
        }

        var orderLines = ids.Select(id => new OrderLine(id, products[id].Name, products[id].Unit, products[id].Price, lines[id])).ToList();
        var subtotal = new Money(orderLines.Sum(l => l.LineTotalPaise));
        if (subtotal < store.MinimumOrder)
        {
            return Invalid(
                new() { ["lines"] = [$"The minimum order at {store.Name} is {store.MinimumOrder}; this cart is {subtotal}."] },
                "Below the store's minimum order.",
                StatusCodes.Status422UnprocessableEntity);
        }

        // Reserve stock: one conditional decrement per line, in id order. A line that updates no row is short.
        var shortIds = new List<Guid>();
        var taken = new List<Inventory.StockChange>();
        foreach (var id in ids.Order())
        {
            var reserved = await Inventory.StockLedger.TryMoveAsync(db, store.Id, id, -lines[id], cancellationToken);
            if (reserved is null)
            {
                shortIds.Add(id);
            }
            else
            {
                taken.Add(reserved);
            }
        }

        if (shortIds.Count > 0)
        {
            var available = await db.Products.AsNoTracking().Where(p => shortIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.Stock, cancellationToken);
            var shortLines = shortIds.Select(id => new ShortLine(id, products[id].Name, lines[id], available[id])).ToList();
            return Problem(
                StatusCodes.Status409Conflict,
                "Some items are short of stock.",
                "order.short-stock",
                detail: string.Join("; ", shortLines.Select(s => $"{s.Name}: {s.Available} left, {s.Requested} asked")),
                extensions: new() { ["shortLines"] = shortLines });
        }

        var order = new Order(
            Guid.CreateVersion7(now),
            customerId,
            store.Id,
            idempotencyKey,
            addressText!,
            point.Value,
            string.IsNullOrWhiteSpace(request.Note) ? null : request.Note.Trim(),
            payment,
            ifUnavailable,
            store.DeliveryFee,
            orderLines,
            new Actor(ActorRole.Customer, customerId),
            now);
        order.AttachPayment(await payments.CreateIntentAsync(order.Id, order.Total, payment, cancellationToken));
        db.Orders.Add(order);

        // Each reservation is a Sale in the product's stock ledger (and may raise its low-stock alert), committed with the order.
        foreach (var change in taken)
        {
            Inventory.StockLedger.Record(db, jobs, change, Core.Catalog.StockChangeReason.Sale, customerId, order.Id, null, now);
        }

        // The follow-up commits with the order or not at all (transactional outbox).
        jobs.Enqueue(OrderPlacedHandler.JobType, OrderPlacedHandler.KeyFor(order.Id), new OrderPlaced(order.Id, store.Id));
        NewOrderTimers.Enqueue(jobs, order.Id, store.Id, now, alerts.Value);
        await db.SaveChangesAsync(cancellationToken);
        return (StatusCodes.Status201Created, JsonSerializer.Serialize(Orders.OrderViews.Of(order, store.Name), Json));
    }

    private static Dictionary<string, string[]> Validate(
        PlaceOrderRequest request, out Dictionary<Guid, int> lines, out PaymentMethod payment, out IfUnavailable ifUnavailable)
    {
        var errors = new Dictionary<string, string[]>();
        lines = [];
        payment = PaymentMethod.CashOnDelivery;
        ifUnavailable = IfUnavailable.Proceed;
        if (request.StoreId is null || request.StoreId == Guid.Empty)
        {
            errors["storeId"] = ["Say which store the order is for."];
        }

        if (request.Lines is null || request.Lines.Count == 0)
        {
            errors["lines"] = ["The cart is empty."];
        }
        else if (request.Lines.Count > MaxLines)
        {
            errors["lines"] = [$"An order can have at most {MaxLines} lines."];
        }
        else
        {
            for (var i = 0; i < request.Lines.Count; i++)
            {
                var line = request.Lines[i];
                if (line is null || line.ProductId is null || line.ProductId == Guid.Empty)
                {
                    errors[$"lines[{i}].productId"] = ["Each line needs a product."];
                    continue;
                }

                if (line.Qty is not { } qty || qty < 1 || qty > MaxQuantity)
                {
                    errors[$"lines[{i}].qty"] = [$"Quantity must be between 1 and {MaxQuantity}."];
                    continue;
                }

                // The same product twice is one line with the quantities added.
                lines[line.ProductId.Value] = lines.GetValueOrDefault(line.ProductId.Value) + qty;
                if (lines[line.ProductId.Value] > MaxQuantity)
                {
                    errors[$"lines[{i}].qty"] = [$"Quantity must be between 1 and {MaxQuantity}."];
                }
            }
        }

        switch (request.PaymentMethod)
        {
            case "cod":
                payment = PaymentMethod.CashOnDelivery;
                break;
            case "upi-placeholder":
                payment = PaymentMethod.UpiPlaceholder;
                break;
            default:
                errors["paymentMethod"] = ["Payment method must be \"cod\" or \"upi-placeholder\"."];
                break;
        }

        switch (request.IfUnavailable ?? "proceed")
        {
            case "proceed":
                ifUnavailable = IfUnavailable.Proceed;
                break;
            case "cancel":
                ifUnavailable = IfUnavailable.Cancel;
                break;
            default:
                errors["ifUnavailable"] = ["ifUnavailable must be \"proceed\" or \"cancel\"."];
                break;
        }

        if (request.Note is { Length: > NoteMaxLength })
        {
            errors["note"] = [$"Keep the note under {NoteMaxLength} characters."];
        }

        return errors;
    }

    private async Task<(string? Text, GeoPoint? Point, Dictionary<string, string[]>? Error)> ResolveAddressAsync(
        Guid customerId, PlaceOrderRequest request, CancellationToken cancellationToken)
    {
        if (request.AddressId is { } addressId)
        {
            var saved = await db.CustomerAddresses.AsNoTracking().SingleOrDefaultAsync(a => a.Id == addressId && a.CustomerId == customerId, cancellationToken);
            return saved is null
                ? (null, null, new() { ["addressId"] = ["There is no such saved address."] })
                : (saved.AddressText, GeoPoint.FromPoint(saved.Point), null);
        }

        if (string.IsNullOrWhiteSpace(request.Address) || request.Address.Length > AccountRules.AddressMaxLength)
        {
            return (null, null, new() { ["address"] = ["Give a saved address or type the address (up to 300 characters)."] });
        }

        var point = GeoPoint.Create(request.Point?.Lat ?? double.NaN, request.Point?.Lng ?? double.NaN);
        return point.IsSuccess
            ? (request.Address.Trim(), point.Value, null)
            : (null, null, new() { ["point"] = ["Give the delivery point's latitude and longitude."] });
    }

    /// <summary>"Sri Balaji Kirana is closed today through 3 Dec (Diwali)." on a holiday closure, else "… is closed now."</summary>
    private static string ClosedTitle(Core.Stores.Store store, Core.Stores.StoreClosure? closure, DateTimeOffset now)
    {
        if (closure is null)
        {
            return $"{store.Name} is closed now.";
        }

        var until = closure.LastDay > store.LocalDay(now)
            ? $" through {closure.LastDay.ToString("d MMM", System.Globalization.CultureInfo.InvariantCulture)}"
            : string.Empty;
        var why = closure.Reason is null ? " for a holiday" : $" ({closure.Reason})";
        return $"{store.Name} is closed today{until}{why}.";
    }

    /// <summary>When a closed store takes orders again ("Opens tomorrow 7:00 am"), or null when its switch is off.</summary>
    private static string? ReopensDetail(Core.Stores.StoreAvailability availability, DateTimeOffset now, string timeZoneId) =>
        availability.OpensAt is null ? null : Common.Formats.OpensAt(availability.OpensAt, now, timeZoneId) + ".";

    private static (int, string) Invalid(Dictionary<string, string[]> errors, string title, int status) =>
        (status, JsonSerializer.Serialize(new HttpValidationProblemDetails(errors) { Title = title, Status = status }, Json));

    private static (int, string) Problem(int status, string title, string? type = null, string? detail = null, Dictionary<string, object?>? extensions = null)
    {
        var problem = new ProblemDetails { Title = title, Status = status, Type = type, Detail = detail };
        foreach (var (key, value) in extensions ?? [])
        {
            problem.Extensions[key] = value;
        }

        return (status, JsonSerializer.Serialize(problem, Json));
    }
}
