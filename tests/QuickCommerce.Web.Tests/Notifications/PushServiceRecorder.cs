using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace QuickCommerce.Web.Tests.Notifications;

/// <summary>One request a push service received: what a real one would read.</summary>
public sealed record RecordedPush(string Method, string Path, IReadOnlyDictionary<string, string> Headers, byte[] Body)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
}

/// <summary>
/// A stand-in push service on a loopback port: records every request and answers with
/// <see cref="Answer"/> (201 Created, as FCM and Mozilla do, unless a test says otherwise).
/// </summary>
public sealed class PushServiceRecorder : IDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<RecordedPush> _received = new();

    private PushServiceRecorder(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    /// <summary>"http://127.0.0.1:PORT".</summary>
    public Uri Address { get; }

    public int Answer { get; set; } = StatusCodes.Status201Created;

    public IReadOnlyList<RecordedPush> Received => [.. _received];

    public static async Task<PushServiceRecorder> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(options => options.Listen(System.Net.IPAddress.Loopback, 0));
        var app = builder.Build();
        PushServiceRecorder? recorder = null;
        app.Run(async context =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body, context.RequestAborted);
            var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
            recorder!._received.Enqueue(new RecordedPush(context.Request.Method, context.Request.Path.Value ?? "/", headers, body.ToArray()));
            context.Response.StatusCode = recorder.Answer;
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        recorder = new PushServiceRecorder(app, new Uri(address));
        return recorder;
    }

    /// <summary>A push endpoint of its own for one device.</summary>
    public string NewEndpoint() => new Uri(Address, $"/push/{Guid.NewGuid():N}").ToString();

    // Synchronous because xunit 2 disposes test classes through IDisposable; disposing the host stops Kestrel.
    public void Dispose() => ((IDisposable)_app).Dispose();
}
