using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using QuickCommerce.Core.Realtime;
using QuickCommerce.Infrastructure.Identity;
using QuickCommerce.Infrastructure.Persistence;

namespace QuickCommerce.Infrastructure.Realtime;

/// <summary>
/// Which live groups a signed-in person may be in: their own user group; a merchant their stores;
/// a rider their own jobs; an admin the admin board and anything; an order's customer and its
/// store's owner that order. Everything else is refused, so a guessed id shows nothing.
/// </summary>
public sealed class LiveAccess(QuickCommerceDbContext db)
{
    /// <summary>The groups a connection joins as soon as it opens.</summary>
    public async Task<IReadOnlyList<string>> StandingGroupsAsync(ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (user.FindUserId() is not { } userId)
        {
            return [];
        }

        List<string> groups = [LiveGroups.User(userId)];
        if (user.IsInRole(Roles.Admin))
        {
            groups.Add(LiveGroups.AdminBoard);
        }
        else if (user.IsInRole(Roles.Rider))
        {
            groups.Add(LiveGroups.Rider(userId));
        }
        else if (user.IsInRole(Roles.Merchant))
        {
            var stores = await db.Stores.AsNoTracking().Where(s => s.OwnerId == userId).Select(s => s.Id).ToListAsync(cancellationToken);
            groups.AddRange(stores.Select(LiveGroups.Store));
        }

        return groups;
    }

    /// <summary>May this person follow <paramref name="group"/> (e.g. "order:{id}")?</summary>
    public async Task<bool> MayFollowAsync(ClaimsPrincipal user, string group, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (user.FindUserId() is not { } userId || string.IsNullOrEmpty(group))
        {
            return false;
        }

        if (user.IsInRole(Roles.Admin))
        {
            return group == LiveGroups.AdminBoard || group.Contains(':', StringComparison.Ordinal);
        }

        var separator = group.IndexOf(':', StringComparison.Ordinal);
        if (separator < 0 || !Guid.TryParse(group.AsSpan(separator + 1), out var id))
        {
            return false;
        }

        return group[..separator] switch
        {
            "user" => id == userId,
            "rider" => id == userId && user.IsInRole(Roles.Rider),
            "store" => user.IsInRole(Roles.Merchant) && await db.Stores.AnyAsync(s => s.Id == id && s.OwnerId == userId, cancellationToken),
            "order" => await db.Orders.AnyAsync(
                o => o.Id == id && (o.CustomerId == userId || db.Stores.Any(s => s.Id == o.StoreId && s.OwnerId == userId)),
                cancellationToken),
            _ => false,
        };
    }
}
