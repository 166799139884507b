using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using QuickCommerce.Infrastructure.Identity;
using QuickCommerce.Infrastructure.Realtime;

namespace QuickCommerce.Web.Features.Accounts;

/// <summary>
/// The signed-in user of an Interactive Server circuit. A circuit outlives the request that
/// opened it, so the account is re-checked every 30 seconds, and at once when any instance
/// announces that the account was revoked; then the circuit's user becomes anonymous and the
/// page sends it to sign in.
/// </summary>
public sealed partial class AccountAuthenticationState : RevalidatingServerAuthenticationStateProvider
{
    private static readonly AuthenticationState Anonymous = new(new ClaimsPrincipal(new ClaimsIdentity()));
    private readonly IServiceScopeFactory _scopes;
    private readonly AccountRevocations _revocations;
    private readonly ILogger<AccountAuthenticationState> _logger;

    public AccountAuthenticationState(ILoggerFactory loggerFactory, IServiceScopeFactory scopes, AccountRevocations revocations)
        : base(loggerFactory)
    {
        _scopes = scopes;
        _revocations = revocations;
        _logger = loggerFactory.CreateLogger<AccountAuthenticationState>();
        _revocations.Revoked += OnRevoked;
    }

    protected override TimeSpan RevalidationInterval => TimeSpan.FromSeconds(30);

    protected override async Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken)
    {
        var user = authenticationState.User;
        if (!Guid.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out var userId))
        {
            return true;
        }

        await using var scope = _scopes.CreateAsyncScope();
        var status = await scope.ServiceProvider.GetRequiredService<AccountStatusReader>().FindAsync(userId, cancellationToken);
        return status is not null && !status.IsSuspended && status.StampHash == user.FindFirstValue(AccountClaims.Stamp);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _revocations.Revoked -= OnRevoked;
        }

        base.Dispose(disposing);
    }

    private async void OnRevoked(object? sender, Guid userId)
    {
        try
        {
            var state = await GetAuthenticationStateAsync();
            if (state.User.FindFirstValue(ClaimTypes.NameIdentifier) == userId.ToString())
            {
                SetAuthenticationState(Task.FromResult(Anonymous));
            }
        }
#pragma warning disable CA1031 // An event handler on a pub/sub thread must never crash the process.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            // The circuit may already be gone; the 30-second revalidation still covers it.
            LogCouldNotEnd(_logger, ex, userId);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Could not end a circuit of revoked account {UserId}")]
    private static partial void LogCouldNotEnd(ILogger logger, Exception exception, Guid userId);
}
