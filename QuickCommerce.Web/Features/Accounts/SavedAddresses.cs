using System.ComponentModel.DataAnnotations;
using Microsoft.EntityFrameworkCore;
using QuickCommerce.Core.Accounts;
using QuickCommerce.Core.Common;
using QuickCommerce.Infrastructure.Persistence;

namespace QuickCommerce.Web.Features.Accounts;

/// <summary>A saved address as the customer sees it.</summary>
public sealed record SavedAddress(Guid Id, string Label, string AddressText, double Latitude, double Longitude, bool IsDefault);

/// <summary>A new address to save (API body and page form).</summary>
public sealed class NewAddress
{
    [Required(ErrorMessage = "Give the address a label, e.g. Home.")]
    [StringLength(AccountRules.LabelMaxLength, ErrorMessage = "Keep the label under 30 characters.")]
    public string Label { get; set; } = string.Empty;

    [Required(ErrorMessage = "Enter the address.")]
    [StringLength(AccountRules.AddressMaxLength, ErrorMessage = "Keep the address under 300 characters.")]
    public string AddressText { get; set; } = string.Empty;

    [Required(ErrorMessage = "Latitude is required.")]
    [Range(-90.0, 90.0, ErrorMessage = "Latitude must be between -90 and 90.")]
    public double? Latitude { get; set; }

    [Required(ErrorMessage = "Longitude is required.")]
    [Range(-180.0, 180.0, ErrorMessage = "Longitude must be between -180 and 180.")]
    public double? Longitude { get; set; }

    public bool MakeDefault { get; set; }
}

/// <summary>
/// A customer's saved delivery addresses. Exactly one is the default whenever any exist (the first
/// saved, or the one chosen); the database's partial unique index makes two defaults impossible.
/// A customer only ever sees and changes their own: another's address is simply not found.
/// </summary>
public sealed class SavedAddresses(QuickCommerceDbContext db, TimeProvider clock)
{
    public async Task<IReadOnlyList<SavedAddress>> ListAsync(Guid customerId, CancellationToken cancellationToken)
    {
        // Points come back whole (PostGIS has no ST_X on geography); coordinates are read here.
        var rows = await db.CustomerAddresses.AsNoTracking()
            .Where(a => a.CustomerId == customerId)
            .OrderByDescending(a => a.IsDefault).ThenBy(a => a.CreatedAt)
            .ToListAsync(cancellationToken);
        return [.. rows.Select(ToView)];
    }

    public async Task<Result<SavedAddress>> AddAsync(Guid customerId, NewAddress input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var errors = new List<ValidationResult>();
        if (!Validator.TryValidateObject(input, new ValidationContext(input), errors, validateAllProperties: true))
        {
            var first = errors[0];
            return DomainError.Validation(Camel(first.MemberNames.FirstOrDefault() ?? "address"), first.ErrorMessage ?? "The address is not valid.");
        }

        var point = GeoPoint.Create(input.Latitude!.Value, input.Longitude!.Value);
        if (!point.IsSuccess)
        {
            return point.Error!;
        }

        var existing = await db.CustomerAddresses.Where(a => a.CustomerId == customerId).ToListAsync(cancellationToken);
        if (existing.Count >= CustomerAddress.MaxPerCustomer)
        {
            return DomainError.Conflict("address.limit", $"You can keep up to {CustomerAddress.MaxPerCustomer} addresses. Delete one first.");
        }

        var address = new CustomerAddress(Guid.CreateVersion7(clock.GetUtcNow()), customerId, input.Label, input.AddressText, point.Value, clock.GetUtcNow());
        var makeDefault = input.MakeDefault || existing.Count == 0;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (makeDefault)
        {
            // Clear the old default first: the unique index allows one default at any moment.
            await ClearDefaultAsync(customerId, cancellationToken);
            address.MarkDefault(true);
        }

        db.CustomerAddresses.Add(address);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return ToView(address);
    }

    public async Task<Result> MakeDefaultAsync(Guid customerId, Guid addressId, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var address = await db.CustomerAddresses.SingleOrDefaultAsync(a => a.Id == addressId && a.CustomerId == customerId, cancellationToken);
        if (address is null)
        {
            return NotFound();
        }

        await ClearDefaultAsync(customerId, cancellationToken);
        address.MarkDefault(true);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return Result.Success();
    }

    public async Task<Result> DeleteAsync(Guid customerId, Guid addressId, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var address = await db.CustomerAddresses.SingleOrDefaultAsync(a => a.Id == addressId && a.CustomerId == customerId, cancellationToken);
        if (address is null)
        {
            return NotFound();
        }

        db.CustomerAddresses.Remove(address);
        await db.SaveChangesAsync(cancellationToken);
        if (address.IsDefault)
        {
            // The oldest remaining address becomes the default, so checkout always has one to offer.
            var next = await db.CustomerAddresses.Where(a => a.CustomerId == customerId).OrderBy(a => a.CreatedAt).FirstOrDefaultAsync(cancellationToken);
            next?.MarkDefault(true);
            await db.SaveChangesAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return Result.Success();
    }

    private Task<int> ClearDefaultAsync(Guid customerId, CancellationToken cancellationToken) =>
        db.CustomerAddresses
            .Where(a => a.CustomerId == customerId && a.IsDefault)
            .ExecuteUpdateAsync(set => set.SetProperty(a => a.IsDefault, false), cancellationToken);

    private static SavedAddress ToView(CustomerAddress a) => new(a.Id, a.Label, a.AddressText, a.Point.Y, a.Point.X, a.IsDefault);

    private static DomainError NotFound() => DomainError.NotFound("address.not-found", "There is no such saved address.");

    private static string Camel(string name) => name.Length == 0 ? name : char.ToLowerInvariant(name[0]) + name[1..];
}
