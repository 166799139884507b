using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using QuickCommerce.Core.Accounts;
using QuickCommerce.Core.Common;
using QuickCommerce.Core.Stores;
using QuickCommerce.Infrastructure.Identity;
using QuickCommerce.Infrastructure.Persistence;

namespace QuickCommerce.Web.Features.Accounts;

/// <summary>
/// Creates accounts for the three self-service roles. Customers can act at once; merchants
/// (with a pending store) and riders wait for an admin. Everything is written in one
/// transaction: a failed sign-up leaves no half-made account or orphan store.
/// </summary>
public sealed class AccountRegistration(
    QuickCommerceDbContext db,
    UserManager<ApplicationUser> users,
    TimeProvider clock)
{
    public Task<Result<ApplicationUser>> RegisterCustomerAsync(SignUpForm form, CancellationToken cancellationToken) =>
        RegisterAsync(form, Roles.Customer, vehicleType: null, store: null, cancellationToken);

    public Task<Result<ApplicationUser>> RegisterRiderAsync(RiderSignUpForm form, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(form);
        return AccountRules.VehicleTypes.Contains(form.VehicleType)
            ? RegisterAsync(form, Roles.Rider, form.VehicleType, store: null, cancellationToken)
            : Task.FromResult(Result<ApplicationUser>.Failure(DomainError.Validation("vehicleType", "Choose one of the listed vehicles.")));
    }

    public Task<Result<ApplicationUser>> RegisterMerchantAsync(MerchantSignUpForm form, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(form);
        var point = GeoPoint.Create(form.Latitude ?? double.NaN, form.Longitude ?? double.NaN);
        if (!point.IsSuccess)
        {
            return Task.FromResult(Result<ApplicationUser>.Failure(point.Error!));
        }

        return RegisterAsync(form, Roles.Merchant, vehicleType: null, (form, point.Value), cancellationToken);
    }

    private async Task<Result<ApplicationUser>> RegisterAsync(
        SignUpForm form,
        string role,
        string? vehicleType,
        (MerchantSignUpForm Form, GeoPoint Point)? store,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(form);
        var phone = IndianPhoneNumber.Parse(form.Phone);
        if (!phone.IsSuccess)
        {
            return phone.Error!;
        }

        var email = string.IsNullOrWhiteSpace(form.Email) ? null : form.Email.Trim();
        if (await db.Users.AnyAsync(u => u.PhoneNumber == phone.Value.E164, cancellationToken))
        {
            return DomainError.Conflict("phone", "An account with this mobile number already exists. Sign in instead.");
        }

        if (email is not null && await users.FindByEmailAsync(email) is not null)
        {
            return DomainError.Conflict("email", "An account with this email already exists. Sign in instead.");
        }

        var now = clock.GetUtcNow();
        var user = new ApplicationUser
        {
            Id = Guid.CreateVersion7(now),
            UserName = email ?? phone.Value.E164,
            Email = email,
            PhoneNumber = phone.Value.E164,
            FullName = form.FullName.Trim(),
            Role = role,
            Approval = Roles.NeedsApproval(role) ? ApprovalStatus.Pending : ApprovalStatus.Approved,
            VehicleType = vehicleType,
            CreatedAt = now,
            ApprovalChangedAt = now,
        };

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var created = await users.CreateAsync(user, form.Password);
        if (!created.Succeeded)
        {
            return DomainError.Validation("password", string.Join(" ", created.Errors.Select(e => e.Description)));
        }

        await users.AddToRoleAsync(user, role);
        if (store is { } shop)
        {
            var newStore = new Store(
                Guid.CreateVersion7(now),
                user.Id,
                shop.Form.StoreName.Trim(),
                shop.Form.AddressLine.Trim(),
                shop.Form.Locality.Trim(),
                shop.Form.Pincode,
                phone.Value.E164,
                shop.Point,
                deliveryRadiusMetres: 3000,
                OpeningHours.Daily(new TimeOnly(7, 0), new TimeOnly(22, 0)),
                Money.Zero,
                Money.Zero,
                now);
            newStore.SetGstin(shop.Form.Gstin);
            db.Stores.Add(newStore);
            await db.SaveChangesAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return user;
    }
}
