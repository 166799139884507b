using System.Globalization;
using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using QuickCommerce.Core.Catalog;
using QuickCommerce.Core.Common;
using QuickCommerce.Infrastructure.Caching;
using QuickCommerce.Infrastructure.Idempotency;
using QuickCommerce.Web.Api;
using QuickCommerce.Web.Features.Accounts;
using QuickCommerce.Web.Features.Checkout;

namespace QuickCommerce.Web.Features.Inventory;

/// <summary>
/// The merchant's inventory API: the shop's own products only (another shop's id is 404). Input
/// errors are 400 with every field's message; an edit based on an old version is 409 with the
/// product's current values in "current"; an import file with errors is 422 listing them by line.
/// </summary>
public static class InventoryEndpoints
{
    public const string Base = "/api/v1/merchant/inventory";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static IEndpointRouteBuilder MapInventoryEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var inventory = endpoints.MapGroup(Base)
            .WithTags("Inventory")
            .RequireAuthorization(Policies.Merchant);
        inventory.MapGet(string.Empty, ListAsync)
            .WithName("ListInventory")
            .WithSummary("The shop's products by name, a page at a time; filter by text (name, Hindi name, brand, barcode), categoryId and lowStock=true.");
        inventory.MapGet("/categories", async (MerchantInventory service, CancellationToken ct) => TypedResults.Ok(await service.CategoriesAsync(ct)))
            .WithName("InventoryCategories")
            .WithSummary("The categories a product can be filed under (ids for the API, names and slugs for CSV files).");
        inventory.MapPost("/products", CreateAsync)
            .WithName("CreateProduct")
            .WithSummary("Adds a product to the shop; its opening stock (default 0) is the first entry of its ledger.");
        inventory.MapGet("/products/{id:guid}", FindAsync)
            .WithName("InventoryProduct")
            .WithSummary("One of the shop's products with its current version.");
        inventory.MapPut("/products/{id:guid}", EditAsync)
            .WithName("EditProduct")
            .WithSummary("Replaces a product's details. Send the version you edited; if someone changed it since, 409 with the current values and nothing changed.");
        inventory.MapPut("/products/{id:guid}/active", SetActiveAsync)
            .WithName("SetProductActive")
            .WithSummary("Lists or unlists a product, based on a version as an edit is.");
        inventory.MapPost("/products/{id:guid}/adjust", AdjustAsync)
            .WithName("AdjustStock")
            .WithSummary("Moves the stock by a signed delta with a reason (Received, Damaged, Correction); never below 0. With an Idempotency-Key, a replay gets the first answer and counts once.");
        inventory.MapGet("/products/{id:guid}/ledger", LedgerAsync)
            .WithName("StockLedger")
            .WithSummary("The product's stock movements, newest first; before=<entry id> pages back.");
        inventory.MapGet("/export.csv", ExportAsync)
            .WithName("ExportInventory")
            .WithSummary("The shop's products as CSV (UTF-8): name, hindi_name, brand, unit, price, mrp, stock, category, barcode.");
        inventory.MapPost("/import/preview", PreviewAsync)
            .WithName("PreviewInventoryImport")
            .WithSummary("Checks a CSV file (multipart field \"file\" or a text/csv body, at most 2 MB and 10,000 rows) and lists every row error by line. Writes nothing.");
        inventory.MapPost("/import", ImportAsync)
            .WithName("ImportInventory")
            .WithSummary("Imports a CSV file all or nothing: any error is 422 with the errors and nothing written; else products are added or updated and stock differences recorded as corrections.");
        return endpoints;
    }

    internal static async Task<Results<Ok<InventoryList>, ValidationProblem, ProblemHttpResult>> ListAsync(
        string? search, string? categoryId, string? lowStock, string? page, string? pageSize, ClaimsPrincipal user, MerchantInventory inventory, CancellationToken cancellationToken)
    {
        var query = new QueryParameters();
        var parsedCategory = OptionalInt(query, categoryId, "categoryId", "Category id");
        var filter = new InventoryQuery(
            search,
            parsedCategory,
            query.OptionalFlag(lowStock, "lowStock"),
            OptionalInt(query, page, "page", "Page") ?? 1,
            OptionalInt(query, pageSize, "pageSize", "Page size") ?? InventoryQuery.DefaultPageSize);
        if (!query.IsValid)
        {
            return TypedResults.ValidationProblem(query.Errors, title: "The list cannot be filtered like that.");
        }

        var listed = await inventory.ListAsync(user.UserId(), filter, cancellationToken);
        return listed.IsSuccess ? TypedResults.Ok(listed.Value!) : Refused<Ok<InventoryList>>(listed.Refusal!);
    }

    internal static async Task<Results<Ok<InventoryItem>, NotFound>> FindAsync(Guid id, ClaimsPrincipal user, MerchantInventory inventory, CancellationToken cancellationToken) =>
        await inventory.FindAsync(user.UserId(), id, cancellationToken) is { } item ? TypedResults.Ok(item) : TypedResults.NotFound();

    internal static async Task<Results<Created<InventoryItem>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        CreateProductRequest? body, ClaimsPrincipal user, MerchantInventory inventory, CancellationToken cancellationToken)
    {
        if (body is null)
        {
            return MissingBody();
        }

        var created = await inventory.CreateAsync(user.UserId(), body.Details, body.Stock ?? 0, cancellationToken);
        return created.IsSuccess
            ? TypedResults.Created($"{Base}/products/{created.Value!.Id}", created.Value)
            : Refused<Created<InventoryItem>>(created.Refusal!);
    }

    internal static async Task<Results<Ok<InventoryItem>, ValidationProblem, ProblemHttpResult>> EditAsync(
        Guid id, EditProductRequest? body, ClaimsPrincipal user, MerchantInventory inventory, CancellationToken cancellationToken)
    {
        if (body is null)
        {
            return MissingBody();
        }

        var edited = await inventory.EditAsync(user.UserId(), id, body.Details, body.Version, cancellationToken);
        return edited.IsSuccess ? TypedResults.Ok(edited.Value!) : Refused<Ok<InventoryItem>>(edited.Refusal!);
    }

    internal static async Task<Results<Ok<InventoryItem>, ValidationProblem, ProblemHttpResult>> SetActiveAsync(
        Guid id, SetActiveRequest? body, ClaimsPrincipal user, MerchantInventory inventory, CancellationToken cancellationToken)
    {
        if (body?.Active is not { } active || body.Version is not { } version)
        {
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["active"] = ["Send {\"active\": true or false, \"version\": the version you saw}."] },
                title: "Say whether to list the product, and the version you saw.");
        }

        var changed = await inventory.SetActiveAsync(user.UserId(), id, active, version, cancellationToken);
        return changed.IsSuccess ? TypedResults.Ok(changed.Value!) : Refused<Ok<InventoryItem>>(changed.Refusal!);
    }

    /// <summary>
    /// Without an Idempotency-Key a plain adjustment. With one (the offline queue sends one per
    /// change), the adjustment and its answer commit together, so a change sent again after a lost
    /// response is counted once and gets the first answer; a refusal is not stored.
    /// </summary>
    internal static async Task<IResult> AdjustAsync(
        Guid id,
        AdjustStockRequest? body,
        HttpContext http,
        ClaimsPrincipal user,
        MerchantInventory inventory,
        IdempotentExecution idempotency,
        CatalogueCache catalogue,
        CancellationToken cancellationToken)
    {
        if (body is null)
        {
            return MissingBody();
        }

        if (body.Delta is not { } delta || !TryReason(body.Reason, out var reason))
        {
            var errors = new Dictionary<string, string[]>();
            if (body.Delta is null)
            {
                errors["delta"] = ["Give the change in units, e.g. 10 or -2."];
            }

            if (!TryReason(body.Reason, out _))
            {
                errors["reason"] = ["The reason must be Received, Damaged or Correction."];
            }

            return TypedResults.ValidationProblem(errors, title: "The stock change is not valid.");
        }

        var merchantId = user.UserId();
        if (!http.Request.Headers.ContainsKey(CheckoutEndpoints.IdempotencyHeader))
        {
            var adjusted = await inventory.AdjustAsync(merchantId, id, delta, reason, body.Note, cancellationToken);
            return adjusted.IsSuccess ? TypedResults.Ok(adjusted.Value!) : Refused<Ok<StockAdjusted>>(adjusted.Refusal!);
        }

        if (!CheckoutEndpoints.TryReadKey(http.Request, out var key))
        {
            return CheckoutEndpoints.InvalidKey("Send one Idempotency-Key header with a UUID v4, or none.");
        }

        IResult? refusal = null;
        StockAdjusted? done = null;
        var hash = IdempotentExecution.HashRequest("POST", $"{Base}/products/{id}/adjust", JsonSerializer.Serialize(body, Json));
        var response = await idempotency.RunAsync(merchantId, key, hash, async ct =>
        {
            var adjusted = await inventory.AdjustAsync(merchantId, id, delta, reason, body.Note, ct);
            if (!adjusted.IsSuccess)
            {
                // Not 2xx: rolled back and not stored; answered from refusal below.
                refusal = Refused<Ok<StockAdjusted>>(adjusted.Refusal!);
                return (((IStatusCodeHttpResult)refusal).StatusCode ?? StatusCodes.Status400BadRequest, string.Empty);
            }

            done = adjusted.Value;
            return (StatusCodes.Status200OK, JsonSerializer.Serialize(adjusted.Value, Json));
        }, cancellationToken);

        switch (response.Outcome)
        {
            case IdempotencyOutcome.Mismatch:
                return TypedResults.Problem(
                    title: "This Idempotency-Key was already used for a different request.",
                    detail: "Make a new key for a new stock change; reuse a key only to send the very same change again.",
                    statusCode: StatusCodes.Status422UnprocessableEntity);
            case IdempotencyOutcome.InFlight:
                return TypedResults.Problem(
                    title: "This stock change is still being saved.",
                    detail: "Wait a moment and retry with the same Idempotency-Key.",
                    statusCode: StatusCodes.Status409Conflict);
            case IdempotencyOutcome.Replayed:
                http.Response.Headers["Idempotent-Replayed"] = "true";
                return TypedResults.Text(response.Body ?? string.Empty, "application/json", System.Text.Encoding.UTF8, response.StatusCode);
        }

        if (refusal is not null)
        {
            return refusal;
        }

        // Only now is the new stock committed (with its stored answer): drop the cached catalogue.
        await catalogue.InvalidateStoreAsync(done!.StoreId, CancellationToken.None);
        return TypedResults.Ok(done);
    }

    internal static async Task<Results<Ok<IReadOnlyList<LedgerEntry>>, ValidationProblem, ProblemHttpResult>> LedgerAsync(
        Guid id, string? before, string? limit, ClaimsPrincipal user, MerchantInventory inventory, CancellationToken cancellationToken)
    {
        var query = new QueryParameters();
        long? beforeId = null;
        if (!string.IsNullOrWhiteSpace(before))
        {
            if (long.TryParse(before, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
            {
                beforeId = parsed;
            }
            else
            {
                query.Add("before", "before must be the id of a ledger entry.");
            }
        }

        var take = OptionalInt(query, limit, "limit", "Limit") ?? 50;
        if (!query.IsValid)
        {
            return TypedResults.ValidationProblem(query.Errors, title: "The ledger cannot be paged like that.");
        }

        var entries = await inventory.LedgerAsync(user.UserId(), id, beforeId, take, cancellationToken);
        return entries.IsSuccess ? TypedResults.Ok(entries.Value!) : Refused<Ok<IReadOnlyList<LedgerEntry>>>(entries.Refusal!);
    }

    internal static async Task<Results<FileContentHttpResult, ProblemHttpResult>> ExportAsync(
        HttpContext http, ClaimsPrincipal user, InventorySheet sheet, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (await sheet.ExportAsync(user.UserId(), cancellationToken) is not { } export)
        {
            return Problem(InventoryRefusal.NoStore);
        }

        http.Response.Headers.CacheControl = "no-store";
        var day = clock.GetUtcNow().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var name = Infrastructure.Persistence.Slugs.Of(export.StoreName);
        return TypedResults.File(export.Content, "text/csv; charset=utf-8", $"inventory-{(name.Length == 0 ? "shop" : name)}-{day}.csv");
    }

    internal static async Task<IResult> PreviewAsync(HttpRequest request, ClaimsPrincipal user, InventorySheet sheet, CancellationToken cancellationToken)
    {
        var (content, problem) = await ReadUploadAsync(request, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var report = await sheet.PreviewAsync(user.UserId(), content!, cancellationToken);
        return report.IsSuccess ? TypedResults.Ok(report.Value) : Refused<Ok<ImportReport>>(report.Refusal!);
    }

    internal static async Task<IResult> ImportAsync(HttpRequest request, ClaimsPrincipal user, InventorySheet sheet, CancellationToken cancellationToken)
    {
        var (content, problem) = await ReadUploadAsync(request, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var imported = await sheet.ImportAsync(user.UserId(), content!, cancellationToken);
        if (!imported.IsSuccess)
        {
            return Refused<Ok<ImportReport>>(imported.Refusal!);
        }

        var report = imported.Value!;
        if (report.Errors.Count > 0 || report.Rows == 0)
        {
            return TypedResults.Problem(
                title: report.Rows == 0 && report.Errors.Count == 0 ? "The file has no product rows; nothing was imported." : "The file has errors; nothing was imported.",
                detail: "Fix the rows listed in errors (line 1 is the header) and import the whole file again.",
                statusCode: StatusCodes.Status422UnprocessableEntity,
                extensions: new Dictionary<string, object?> { ["rows"] = report.Rows, ["errors"] = report.Errors });
        }

        return TypedResults.Ok(report);
    }

    /// <summary>
    /// The uploaded file: a multipart form's "file" field (or its only file), or the raw body
    /// (text/csv). Anything over the limit is refused before it is read whole.
    /// </summary>
    private static async Task<(byte[]? Content, IResult? Problem)> ReadUploadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        // A multipart envelope adds a few hundred bytes around the file.
        const int envelope = 16 * 1024;
        if (request.ContentLength > InventoryCsv.MaxBytes + envelope)
        {
            return (null, TooLarge());
        }

        Stream source;
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(cancellationToken);
            var file = form.Files.GetFile("file") ?? (form.Files.Count == 1 ? form.Files[0] : null);
            if (file is null)
            {
                return (null, TypedResults.ValidationProblem(
                    new Dictionary<string, string[]> { ["file"] = ["Attach the CSV file as the form field \"file\"."] },
                    title: "No file was sent."));
            }

            if (file.Length > InventoryCsv.MaxBytes)
            {
                return (null, TooLarge());
            }

            source = file.OpenReadStream();
        }
        else
        {
            source = request.Body;
        }

        await using (source)
        {
            using var buffer = new MemoryStream();
            var chunk = new byte[81920];
            int read;
            while ((read = await source.ReadAsync(chunk, cancellationToken)) > 0)
            {
                buffer.Write(chunk, 0, read);
                if (buffer.Length > InventoryCsv.MaxBytes)
                {
                    return (null, TooLarge());
                }
            }

            return buffer.Length == 0
                ? (null, TypedResults.ValidationProblem(
                    new Dictionary<string, string[]> { ["file"] = ["The file is empty."] },
                    title: "No file was sent."))
                : (buffer.ToArray(), null);
        }
    }

    private static ProblemHttpResult TooLarge() =>
        TypedResults.Problem(
            title: $"The file is larger than {InventoryCsv.MaxBytes / (1024 * 1024)} MB.",
            detail: "Split it into smaller files of at most 10,000 rows each.",
            statusCode: StatusCodes.Status413PayloadTooLarge);

    private static ValidationProblem MissingBody() =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["body"] = ["Send the request as JSON."] }, title: "The request body is missing.");

    /// <summary>Validation → 400 naming every field; not found → 404; conflict → 409 with the product as it is now in "current".</summary>
    private static Results<TSuccess, ValidationProblem, ProblemHttpResult> Refused<TSuccess>(InventoryRefusal refusal)
        where TSuccess : IResult =>
        refusal.Kind == ErrorKind.Validation
            ? TypedResults.ValidationProblem(refusal.Errors, title: refusal.Title)
            : Problem(refusal);

    private static ProblemHttpResult Problem(InventoryRefusal refusal)
    {
        var status = refusal.Kind switch
        {
            ErrorKind.NotFound => StatusCodes.Status404NotFound,
            ErrorKind.Conflict => StatusCodes.Status409Conflict,
            ErrorKind.Forbidden => StatusCodes.Status403Forbidden,
            _ => StatusCodes.Status400BadRequest,
        };
        var extensions = refusal.Current is null ? null : new Dictionary<string, object?> { ["current"] = refusal.Current };
        return TypedResults.Problem(title: refusal.Title, statusCode: status, type: refusal.Code, extensions: extensions);
    }

    private static bool TryReason(string? text, out StockChangeReason reason) =>
        Enum.TryParse(text, ignoreCase: true, out reason) && Enum.IsDefined(reason) && !int.TryParse(text, out _);

    private static int? OptionalInt(QueryParameters query, string? raw, string field, string label)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            return null;
        }

        if (int.TryParse(raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        query.Add(field, $"{label} must be a whole number.");
        return null;
    }
}
