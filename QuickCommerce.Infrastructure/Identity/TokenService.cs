using System.Buffers.Text;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using QuickCommerce.Core.Accounts;
using QuickCommerce.Core.Common;
using QuickCommerce.Infrastructure.Persistence;

namespace QuickCommerce.Infrastructure.Identity;

/// <summary>What the API hands a client that signs in or refreshes. <paramref name="ExpiresIn"/> is the access token's life in seconds.</summary>
public sealed record TokenPair(string AccessToken, string RefreshToken, int ExpiresIn);

/// <summary>
/// Issues API credentials: a short-lived JWT access token and an opaque, single-use refresh token.
/// Refresh tokens rotate: each refresh spends the presented token and issues the next one in the same
/// family. A token presented twice has leaked (or two clients share it), so the whole family is revoked
/// and both holders must sign in again.
/// </summary>
public sealed partial class TokenService(
    QuickCommerceDbContext db,
    IUserClaimsPrincipalFactory<ApplicationUser> principals,
    IOptions<JwtOptions> options,
    TimeProvider clock,
    ILogger<TokenService> logger)
{
    /// <summary>Why a family was revoked, as stored in refresh_tokens.revoked_reason.</summary>
    private const string ReuseDetected = "reuse-detected";

    private const int RefreshTokenBytes = 32;

    // 32 bytes in base64url are 43 characters; anything much longer is not one of ours and is not hashed.
    private const int MaxRefreshTokenLength = 64;

    private const int MaxReasonLength = 60;

    private static readonly DomainError InvalidRefresh =
        DomainError.Validation("auth.invalid-refresh", "This session has ended; sign in again.");

    private static readonly JsonWebTokenHandler Tokens = new() { SetDefaultTimesOnTokenCreation = false };

    // Only these claims of Identity's principal go into a token: never the raw security stamp or e-mail.
    private static readonly string[] TokenClaimTypes =
        [ClaimTypes.NameIdentifier, ClaimTypes.Name, ClaimTypes.Role, ClaimTypes.GivenName, AccountClaims.Approval, AccountClaims.Stamp];

    private readonly JwtOptions _jwt = options.Value;

    /// <summary>Signs in a new session: a new refresh-token family and an access token.</summary>
    public async Task<TokenPair> IssueAsync(ApplicationUser user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        var accessToken = await CreateAccessTokenAsync(user);
        var refreshToken = NewRefreshToken(user.Id, familyId: Guid.CreateVersion7(), out var row);
        db.RefreshTokens.Add(row);
        await db.SaveChangesAsync(cancellationToken);
        return new TokenPair(accessToken, refreshToken, _jwt.AccessTokenMinutes * 60);
    }

    /// <summary>
    /// Spends <paramref name="refreshToken"/> and returns the next pair. Every failure carries the same
    /// error, so a caller learns nothing about why (unknown, expired, revoked, reused, suspended).
    /// </summary>
    public async Task<Result<TokenPair>> RefreshAsync(string refreshToken, CancellationToken cancellationToken)
    {
        if (!IsPlausible(refreshToken))
        {
            return InvalidRefresh;
        }

        var hash = Hash(refreshToken);
        var presented = await db.RefreshTokens
            .AsNoTracking()
            .SingleOrDefaultAsync(t => t.TokenHash == hash, cancellationToken);
        var now = clock.GetUtcNow();
        if (presented is null || presented.RevokedAt is not null)
        {
            return InvalidRefresh;
        }

        if (presented.UsedAt is not null)
        {
            await RevokeFamilyAsync(presented, ReuseDetected, cancellationToken);
            return InvalidRefresh;
        }

        if (presented.ExpiresAt <= now)
        {
            return InvalidRefresh;
        }

        var user = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == presented.UserId, cancellationToken);
        if (user is null || user.Approval == ApprovalStatus.Suspended)
        {
            await RevokeFamilyAsync(presented, user is null ? "account-removed" : "account-suspended", cancellationToken);
            return InvalidRefresh;
        }

        // Build the access token first so the transaction holds the token's row lock only for two statements.
        var accessToken = await CreateAccessTokenAsync(user);
        var next = NewRefreshToken(user.Id, presented.FamilyId, out var nextRow);
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            // The conditional update is the single point of truth: of two concurrent refreshes with one
            // token, the second blocks on the first's row lock, then finds UsedAt set and updates nothing.
            var spent = await db.RefreshTokens
                .Where(t => t.Id == presented.Id && t.UsedAt == null && t.RevokedAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.UsedAt, now), cancellationToken);
            if (spent != 1)
            {
                await transaction.RollbackAsync(cancellationToken);
                await RevokeFamilyAsync(presented, ReuseDetected, cancellationToken);
                return InvalidRefresh;
            }

            db.RefreshTokens.Add(nextRow);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        return new TokenPair(accessToken, next, _jwt.AccessTokenMinutes * 60);
    }

    /// <summary>Signs a session out: revokes the family <paramref name="refreshToken"/> belongs to, if it is one of ours.</summary>
    public async Task RevokeFamilyAsync(string refreshToken, string reason, CancellationToken cancellationToken)
    {
        CheckReason(reason);
        if (!IsPlausible(refreshToken))
        {
            return;
        }

        var hash = Hash(refreshToken);
        var familyId = await db.RefreshTokens
            .Where(t => t.TokenHash == hash)
            .Select(t => (Guid?)t.FamilyId)
            .SingleOrDefaultAsync(cancellationToken);
        if (familyId is { } family)
        {
            await RevokeWhereAsync(t => t.FamilyId == family, reason, cancellationToken);
        }
    }

    /// <summary>Ends every session of a user (suspension, password change, "sign out everywhere").</summary>
    public async Task RevokeAllAsync(Guid userId, string reason, CancellationToken cancellationToken)
    {
        CheckReason(reason);
        await RevokeWhereAsync(t => t.UserId == userId, reason, cancellationToken);
    }

    /// <summary>Lower-case hex SHA-256 of the token as the client holds it: the only form we store.</summary>
    internal static string Hash(string refreshToken) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(refreshToken)));

    private async Task<string> CreateAccessTokenAsync(ApplicationUser user)
    {
        var principal = await principals.CreateAsync(user);
        var now = clock.GetUtcNow().UtcDateTime;

        // Full ClaimTypes URIs as claim names: the bearer handler keeps names as they are
        // (MapInboundClaims = false), so IsInRole and FindFirst(ClaimTypes.NameIdentifier) just work.
        var claims = principal.Claims
            .Where(c => TokenClaimTypes.Contains(c.Type))
            .Select(c => new Claim(c.Type, c.Value))
            .Append(new Claim(JwtRegisteredClaimNames.Sub, user.Id.ToString()))
            .Append(new Claim(JwtRegisteredClaimNames.Jti, Guid.NewGuid().ToString("N")));
        return Tokens.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = _jwt.Issuer,
            Audience = _jwt.Audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now.AddMinutes(_jwt.AccessTokenMinutes),
            Subject = new ClaimsIdentity(claims),
            SigningCredentials = new SigningCredentials(SigningKey(_jwt), SecurityAlgorithms.HmacSha256),
        });
    }

    /// <summary>The same key the bearer handler validates with (see AccountsComposition).</summary>
    private static SymmetricSecurityKey SigningKey(JwtOptions jwt) => new(Encoding.UTF8.GetBytes(jwt.SigningKey.PadRight(32)));

    private string NewRefreshToken(Guid userId, Guid familyId, out RefreshToken row)
    {
        var token = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(RefreshTokenBytes));
        var now = clock.GetUtcNow();
        row = new RefreshToken
        {
            Id = Guid.CreateVersion7(now),
            UserId = userId,
            FamilyId = familyId,
            TokenHash = Hash(token),
            CreatedAt = now,
            ExpiresAt = now.AddDays(_jwt.RefreshTokenDays),
        };
        return token;
    }

    private async Task RevokeFamilyAsync(RefreshToken presented, string reason, CancellationToken cancellationToken)
    {
        if (reason == ReuseDetected)
        {
            LogReuse(logger, presented.UserId, presented.FamilyId);
        }

        await RevokeWhereAsync(t => t.FamilyId == presented.FamilyId, reason, cancellationToken);
    }

    private async Task RevokeWhereAsync(System.Linq.Expressions.Expression<Func<RefreshToken, bool>> which, string reason, CancellationToken cancellationToken)
    {
        // Tokens already revoked keep their first reason: it says what actually ended the session.
        var now = clock.GetUtcNow();
        await db.RefreshTokens
            .Where(which)
            .Where(t => t.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.RevokedAt, now).SetProperty(t => t.RevokedReason, reason), cancellationToken);
    }

    private static bool IsPlausible(string? refreshToken) =>
        !string.IsNullOrWhiteSpace(refreshToken) && refreshToken.Length <= MaxRefreshTokenLength;

    private static void CheckReason(string reason)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(reason.Length, MaxReasonLength, nameof(reason));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refresh token reused for user {UserId}; revoked session family {FamilyId}.")]
    private static partial void LogReuse(ILogger logger, Guid userId, Guid familyId);
}
