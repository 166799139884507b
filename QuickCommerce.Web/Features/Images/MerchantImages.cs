using Microsoft.EntityFrameworkCore;
using QuickCommerce.Core.Common;
using QuickCommerce.Infrastructure.Caching;
using QuickCommerce.Infrastructure.Persistence;
using QuickCommerce.Infrastructure.Storage;

namespace QuickCommerce.Web.Features.Images;

/// <summary>
/// A shop owner's photos: one per product of their own shop, and one of the shop itself. The new photo
/// is stored first, then the row is switched to it under a row lock (so of two uploads at once, each
/// sees the other's photo as the one it replaces), then the old pair is deleted. Whatever fails, the
/// row never names a photo that is not in the bucket. One DbContext per call: the inventory editor
/// calls this from an Interactive Server circuit.
/// </summary>
public sealed class MerchantImages(
    IDbContextFactory<QuickCommerceDbContext> contexts,
    ImageStore images,
    CatalogueCache catalogue)
{
    private static readonly DomainError NoSuchProduct = DomainError.NotFound("product.not-found", "There is no such product in your shop.");
    private static readonly DomainError NoShop = DomainError.NotFound("store.not-found", "No shop is linked to this account.");

    /// <summary>Stores <paramref name="content"/> as the product's photo; returns its key.</summary>
    public async Task<Result<string>> SetProductImageAsync(Guid merchantId, Guid productId, Stream content, CancellationToken cancellationToken)
    {
        var target = await ProductAsync(merchantId, productId, cancellationToken);
        return target is null ? NoSuchProduct : await ReplaceAsync(target, content, cancellationToken);
    }

    /// <summary>Takes the product's photo down; a product without one is fine.</summary>
    public async Task<Result> RemoveProductImageAsync(Guid merchantId, Guid productId, CancellationToken cancellationToken)
    {
        var target = await ProductAsync(merchantId, productId, cancellationToken);
        return target is null ? NoSuchProduct : await SwitchAsync(target, null, cancellationToken);
    }

    /// <summary>Stores <paramref name="content"/> as the photo of the merchant's shop; returns its key.</summary>
    public async Task<Result<string>> SetStorePhotoAsync(Guid merchantId, Stream content, CancellationToken cancellationToken)
    {
        var target = await StoreAsync(merchantId, cancellationToken);
        return target is null ? NoShop : await ReplaceAsync(target, content, cancellationToken);
    }

    /// <summary>Takes the shop's photo down.</summary>
    public async Task<Result> RemoveStorePhotoAsync(Guid merchantId, CancellationToken cancellationToken)
    {
        var target = await StoreAsync(merchantId, cancellationToken);
        return target is null ? NoShop : await SwitchAsync(target, null, cancellationToken);
    }

    private async Task<Result<string>> ReplaceAsync(Target target, Stream content, CancellationToken cancellationToken)
    {
        var stored = await images.PutAsync(target.Owner, target.Id, content, target.CurrentKey, cancellationToken);
        if (!stored.IsSuccess)
        {
            return stored.Error!;
        }

        var key = stored.Value!;
        Result switched;
        try
        {
            switched = await SwitchAsync(target, key, cancellationToken);
        }
        catch (Exception)
        {
            await ForgetAsync(key, target);
            throw;
        }

        if (!switched.IsSuccess)
        {
            await ForgetAsync(key, target);
            return switched.Error!;
        }

        return key;
    }

    /// <summary>Points the row at <paramref name="key"/> (or at no photo) and deletes the photo it named before.</summary>
    private async Task<Result> SwitchAsync(Target target, string? key, CancellationToken cancellationToken)
    {
        string? previous;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            if (target.Owner == ImageOwner.Product)
            {
                await db.Database.ExecuteSqlAsync($"SELECT 1 FROM products WHERE id = {target.Id} FOR UPDATE", cancellationToken);
                var product = await db.Products.SingleOrDefaultAsync(p => p.Id == target.Id && p.StoreId == target.StoreId, cancellationToken);
                if (product is null)
                {
                    return NoSuchProduct;
                }

                previous = product.ImageKey;
                product.SetImage(key);
            }
            else
            {
                await db.Database.ExecuteSqlAsync($"SELECT 1 FROM stores WHERE id = {target.Id} FOR UPDATE", cancellationToken);
                var store = await db.Stores.SingleOrDefaultAsync(s => s.Id == target.Id && s.OwnerId == target.MerchantId, cancellationToken);
                if (store is null)
                {
                    return NoShop;
                }

                previous = store.PhotoKey;
                store.SetPhoto(key);
            }

            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        if (previous is not null && previous != key)
        {
            await images.DeleteAsync(previous);
        }

        await catalogue.InvalidateStoreAsync(target.StoreId, CancellationToken.None);
        return Result.Success();
    }

    /// <summary>Deletes a just-stored photo the row did not take, unless it is the one the row already showed.</summary>
    private async Task ForgetAsync(string key, Target target)
    {
        if (key != target.CurrentKey)
        {
            await images.DeleteAsync(key);
        }
    }

    private async Task<Target?> ProductAsync(Guid merchantId, Guid productId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Products.AsNoTracking()
            .Where(p => p.Id == productId && db.Stores.Any(s => s.Id == p.StoreId && s.OwnerId == merchantId))
            .Select(p => new Target(ImageOwner.Product, p.Id, p.StoreId, merchantId, p.ImageKey))
            .SingleOrDefaultAsync(cancellationToken);
    }

    /// <summary>The merchant's shop: the first they were given, as the dashboard shows it.</summary>
    private async Task<Target?> StoreAsync(Guid merchantId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Stores.AsNoTracking()
            .Where(s => s.OwnerId == merchantId)
            .OrderBy(s => s.CreatedAt)
            .Select(s => new Target(ImageOwner.Store, s.Id, s.Id, merchantId, s.PhotoKey))
            .FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>Whose photo changes: the row's id, the shop it belongs to, and the key it shows now.</summary>
    private sealed record Target(ImageOwner Owner, Guid Id, Guid StoreId, Guid MerchantId, string? CurrentKey);
}
