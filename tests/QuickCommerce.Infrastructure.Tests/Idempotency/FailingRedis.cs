using System.Reflection;
using StackExchange.Redis;

namespace QuickCommerce.Infrastructure.Tests.Idempotency;

/// <summary>
/// A Redis that says it is connected and then fails every command, as a server does when it
/// dies between the connection check and the call. (No mocking library is on our feed; a
/// DispatchProxy answers the interfaces' calls.)
/// </summary>
public class FailingRedis : DispatchProxy
{
    /// <summary>A multiplexer whose databases throw <see cref="RedisConnectionException"/> on every command.</summary>
    public static IConnectionMultiplexer Create() => Create<IConnectionMultiplexer, FailingRedis>();

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        return targetMethod.Name switch
        {
            "get_IsConnected" => true,
            "GetDatabase" => Create<IDatabase, FailingRedis>(),
            "Dispose" => null,
            "DisposeAsync" => ValueTask.CompletedTask,
            _ => throw new RedisConnectionException(ConnectionFailureType.SocketFailure, "Redis went away (test)."),
        };
    }
}
