using System.Security.Claims;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using QuickCommerce.Core.Common;
using QuickCommerce.Infrastructure.Storage;
using QuickCommerce.Web.Api;
using QuickCommerce.Web.Features.Accounts;

namespace QuickCommerce.Web.Features.Images;

/// <summary>
/// Product and shop photos: served to anyone from the bucket with year-long caching, and uploaded or
/// taken down by the merchant whose shop they belong to.
/// </summary>
public static class ImagesEndpoints
{
    /// <summary>Keys are content-addressed, so an object never changes: caches may keep it for a year without asking again.</summary>
    public const string CacheControl = "public, max-age=31536000, immutable";

    /// <summary>The multipart form field the photo is sent in.</summary>
    public const string FileField = "file";

    /// <summary>What a merchant is told when the bucket cannot be written.</summary>
    public const string StorageUnavailableMessage = "Photos cannot be saved just now. Please try again in a minute.";

    /// <summary>Room in a request for the form's own boundaries and headers besides the photo.</summary>
    private const int FormOverheadBytes = 64 * 1024;

    public static IEndpointRouteBuilder MapImagesEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/images/{**key}", ServeAsync)
            .WithName("GetImage")
            .WithTags("Images")
            .WithSummary("A stored photo (products/… or stores/…), cacheable for a year; 404 for anything else.")
            .AllowAnonymous();

        // Uploads are multipart form posts, which any site's HTML form can send: a caller signed in by
        // cookie must send the page's antiforgery token. Bearer callers need none (no browser adds the
        // header on its own), and the deletes carry no form, like the other API endpoints.
        var merchant = endpoints.MapGroup("/api/v1/merchant")
            .WithTags("Merchant")
            .RequireAuthorization(Policies.Merchant)
            .DisableAntiforgery();
        merchant.MapPost("/inventory/products/{id:guid}/image", UploadProductImageAsync)
            .WithName("UploadProductImage")
            .WithSummary("Sets a product's photo from a JPEG, PNG or WebP (multipart field \"file\", under 5 MB); answers its two URLs.");
        merchant.MapDelete("/inventory/products/{id:guid}/image", async (Guid id, ClaimsPrincipal user, MerchantImages images, CancellationToken ct) =>
                (await images.RemoveProductImageAsync(user.UserId(), id, ct)).ToHttpResult())
            .WithName("DeleteProductImage")
            .WithSummary("Takes a product's photo down.");
        merchant.MapPost("/store/photo", UploadStorePhotoAsync)
            .WithName("UploadStorePhoto")
            .WithSummary("Sets the shop's photo, as a product photo is set; answers its two URLs.");
        merchant.MapDelete("/store/photo", async (ClaimsPrincipal user, MerchantImages images, CancellationToken ct) =>
                (await images.RemoveStorePhotoAsync(user.UserId(), ct)).ToHttpResult())
            .WithName("DeleteStorePhoto")
            .WithSummary("Takes the shop's photo down.");
        return endpoints;
    }

    internal static async Task<Results<PushStreamHttpResult, NotFound, StatusCodeHttpResult>> ServeAsync(
        string key, HttpContext http, ImageStore images, CancellationToken cancellationToken)
    {
        // Only names the store writes: no other prefix, no "..", no encoded tricks reach the bucket.
        if (!ImageKeys.IsServable(key))
        {
            return TypedResults.NotFound();
        }

        var etag = new EntityTagHeaderValue(ImageKeys.ETagOf(key));
        var headers = http.Response.Headers;
        if (http.Request.GetTypedHeaders().IfNoneMatch.Any(tag => tag.Equals(EntityTagHeaderValue.Any) || tag.Compare(etag, useStrongComparison: false)))
        {
            headers.CacheControl = CacheControl;
            headers.ETag = etag.ToString();
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        }

        var stored = await images.FindAsync(key, cancellationToken);
        if (stored is null)
        {
            return TypedResults.NotFound();
        }

        // Streamed from the bucket as it arrives: nothing is held in memory, whatever the size.
        headers.CacheControl = CacheControl;
        http.Response.ContentLength = stored.Size;
        return TypedResults.Stream(
            body => images.CopyToAsync(key, body, cancellationToken),
            stored.ContentType,
            entityTag: etag);
    }

    internal static Task<Results<Ok<ImageLinks>, ValidationProblem, ProblemHttpResult>> UploadProductImageAsync(
        Guid id, HttpContext http, ClaimsPrincipal user, MerchantImages images, IAntiforgery antiforgery, IOptions<ImageOptions> options, CancellationToken cancellationToken) =>
        UploadAsync(http, antiforgery, options.Value, content => images.SetProductImageAsync(user.UserId(), id, content, cancellationToken), cancellationToken);

    internal static Task<Results<Ok<ImageLinks>, ValidationProblem, ProblemHttpResult>> UploadStorePhotoAsync(
        HttpContext http, ClaimsPrincipal user, MerchantImages images, IAntiforgery antiforgery, IOptions<ImageOptions> options, CancellationToken cancellationToken) =>
        UploadAsync(http, antiforgery, options.Value, content => images.SetStorePhotoAsync(user.UserId(), content, cancellationToken), cancellationToken);

    private static async Task<Results<Ok<ImageLinks>, ValidationProblem, ProblemHttpResult>> UploadAsync(
        HttpContext http, IAntiforgery antiforgery, ImageOptions options, Func<Stream, Task<Result<string>>> store, CancellationToken cancellationToken)
    {
        var file = await ReadFileAsync(http, antiforgery, options, cancellationToken);
        if (!file.IsSuccess)
        {
            return Refusal(file.Error!);
        }

        await using var content = file.Value!.OpenReadStream();
        try
        {
            var stored = await store(content);
            return stored.IsSuccess ? TypedResults.Ok(ImageLinks.Of(stored.Value!)) : Refusal(stored.Error!);
        }
        catch (ImageStorageException)
        {
            // Logged where it happened; the merchant only needs to know it is worth trying again.
            return TypedResults.Problem(title: StorageUnavailableMessage, statusCode: StatusCodes.Status503ServiceUnavailable);
        }
    }

    /// <summary>
    /// The uploaded file, read from a form no bigger than the photo limit allows. The form is read here
    /// rather than bound, so an oversized or malformed upload gets a sentence, not a bare 400 or 413.
    /// </summary>
    private static async Task<Result<IFormFile>> ReadFileAsync(HttpContext http, IAntiforgery antiforgery, ImageOptions options, CancellationToken cancellationToken)
    {
        var tooLarge = DomainError.Validation(ImagePipeline.Field, options.TooLargeMessage);
        var limit = (long)options.MaxBytes + FormOverheadBytes;
        if (http.Request.ContentLength > limit)
        {
            return tooLarge;
        }

        if (!http.Request.HasFormContentType)
        {
            return DomainError.Validation(ImagePipeline.Field, $"Send the photo as multipart/form-data, in a field named \"{FileField}\".");
        }

        // A body without a declared length (chunked) is cut off by the server at the same limit.
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodySize)
        {
            bodySize.MaxRequestBodySize = limit;
        }

        IFormCollection form;
        try
        {
            if (!IsBearer(http.Request) && !await antiforgery.IsRequestValidAsync(http))
            {
                return DomainError.Validation("antiforgery", "This form has expired. Reload the page and try again.");
            }

            form = await http.Request.ReadFormAsync(new FormOptions { MultipartBodyLengthLimit = limit }, cancellationToken);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return tooLarge;
        }
        catch (InvalidDataException)
        {
            return DomainError.Validation(ImagePipeline.Field, $"That upload is not a readable form: send the photo as multipart/form-data, in a field named \"{FileField}\".");
        }

        var file = form.Files.GetFile(FileField);
        if (file is null || file.Length == 0)
        {
            return DomainError.Validation(ImagePipeline.Field, ImagePipeline.EmptyMessage);
        }

        return file.Length > options.MaxBytes ? tooLarge : Result<IFormFile>.Success(file);
    }

    /// <summary>As the sign-in scheme decides: a request with a bearer token is authenticated by it, never by a cookie.</summary>
    private static bool IsBearer(HttpRequest request) =>
        request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase);

    /// <summary>A file we cannot use is a 400 that says why (not the 422 of other rule breaks: the request itself is unusable).</summary>
    private static Results<Ok<ImageLinks>, ValidationProblem, ProblemHttpResult> Refusal(DomainError error) =>
        error.Kind == ErrorKind.Validation
            ? TypedResults.ValidationProblem(new Dictionary<string, string[]> { [error.Code] = [error.Message] }, title: error.Message)
            : (ProblemHttpResult)error.ToProblem();
}
