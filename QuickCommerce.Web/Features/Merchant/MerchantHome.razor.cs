using System.Globalization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.JSInterop;
using MudBlazor;
using QuickCommerce.Core.Common;
using QuickCommerce.Core.Realtime;
using QuickCommerce.Infrastructure.Realtime;

namespace QuickCommerce.Web.Features.Merchant;

/// <summary>
/// The shop's live order queue (/merchant). New orders arrive by live event and ring — a beep every
/// few seconds, a banner, the count in the tab's title — until someone at the shop acknowledges
/// them; an acknowledgement on any device silences every device. The database is the record: live
/// events only say "look again".
/// </summary>
public sealed partial class MerchantHome : IAsyncDisposable
{
    /// <summary>How often the alarm beeps while an order waits.</summary>
    private static readonly TimeSpan RingEvery = TimeSpan.FromSeconds(4);

    /// <summary>
    /// Live events refresh the queue at once; this slow check covers an event lost while Redis was
    /// down. While something rings it looks every tick, so a lost "acknowledged" stops the beeping soon.
    /// </summary>
    private static readonly TimeSpan CheckEvery = TimeSpan.FromSeconds(15);

    /// <summary>Quiet ticks between checks: every 60 s when nothing rings.</summary>
    private const int QuietTicksPerCheck = 4;

    private const string QuietTitle = "Your shop · QuickCommerce";

    private readonly CancellationTokenSource _closing = new();
    private readonly HashSet<Guid> _busy = [];
    private IReadOnlyList<ShopHeader> _stores = [];
    private IReadOnlyList<ShopOrderView> _orders = [];
    private Guid _merchantId;
    private IDisposable? _live;
    private IJSObjectReference? _alarm;
    private DotNetObjectReference<MerchantHome>? _self;
    private string? _sound;
    private (bool Ring, string Title)? _signalled;
    private long _loadsStarted;
    private long _loadShown;
    private bool _started;

    [Inject]
    private IServiceScopeFactory Scopes { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    [Inject]
    private IJSRuntime JS { get; set; } = default!;

    [Inject]
    private LiveEventBus Live { get; set; } = default!;

    [Inject]
    private ILogger<MerchantHome> Logger { get; set; } = default!;

    [CascadingParameter]
    private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    /// <summary>The dashboard heads with the merchant's first shop; the queue holds all of theirs.</summary>
    private ShopHeader? Store => _stores.Count > 0 ? _stores[0] : null;

    private int Ringing => _orders.Count(o => o.AwaitsAcknowledgement);

    /// <summary>Called by merchant-alert.js when the browser lets the page make sound, or stops it.</summary>
    [JSInvokable]
    public Task SoundStateChanged(string state) =>
        InvokeAsync(() =>
        {
            _sound = state;
            StateHasChanged();
        });

    public async ValueTask DisposeAsync()
    {
        _live?.Dispose();
        await _closing.CancelAsync();
        if (_alarm is not null)
        {
            try
            {
                await _alarm.InvokeVoidAsync("stop");
                await _alarm.DisposeAsync();
            }
            catch (JSDisconnectedException)
            {
                // The browser is already gone, and its alarm with it.
            }
        }

        _self?.Dispose();
        _closing.Dispose();
    }

    protected override async Task OnInitializedAsync()
    {
        if ((await AuthenticationState).User.FindUserId() is not { } merchantId)
        {
            return;
        }

        _merchantId = merchantId;
        await using var scope = Scopes.CreateAsyncScope();
        var orders = scope.ServiceProvider.GetRequiredService<MerchantOrders>();
        _stores = await orders.StoresAsync(merchantId, CancellationToken.None);
        if (_stores.Count > 0)
        {
            _orders = await orders.QueueAsync(merchantId, CancellationToken.None);
        }
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        // Not "firstRender": the first render can come before OnInitializedAsync has found the shops.
        if (!_started && Store is not null)
        {
            _started = true;

            // Only this merchant's own stores: they were selected by owner. Subscribe, then read:
            // an order placed in between is in the read or in an event.
            _live = Live.Subscribe([.. _stores.Select(s => LiveGroups.Store(s.Id))], _ => RefreshAsync());
            _ = RefreshAsync();
            _ = KeepFreshAsync();
            await StartAlarmAsync();
        }

        await SignalAsync();
    }

    private async Task StartAlarmAsync()
    {
        try
        {
            _alarm = await JS.InvokeAsync<IJSObjectReference>("import", "./" + Assets["js/merchant-alert.js"]);
            _self = DotNetObjectReference.Create(this);
            _sound = await _alarm.InvokeAsync<string>("start", _self);
            await _alarm.InvokeVoidAsync("enablePushButton", Assets["js/push.js"]);
            StateHasChanged();
        }
        catch (JSException ex)
        {
            // No alarm on this browser (an old one, or the module failed to load): the queue still works.
            LogAlarmUnavailable(Logger, ex);
        }
    }

    /// <summary>Tells the browser whether to ring and what the tab's title says, when either changed.</summary>
    private async Task SignalAsync()
    {
        var ringing = Ringing;
        var wanted = (ringing > 0, ringing > 0 ? string.Create(CultureInfo.InvariantCulture, $"({ringing}) New orders · QuickCommerce") : QuietTitle);
        if (_alarm is null || _signalled == wanted)
        {
            return;
        }

        _signalled = wanted;
        try
        {
            await _alarm.InvokeVoidAsync("ring", wanted.Item1, (int)RingEvery.TotalMilliseconds);
            await _alarm.InvokeVoidAsync("setTitle", wanted.Item2);
        }
        catch (JSDisconnectedException)
        {
            // The circuit is closing; nothing is left to ring.
        }
    }

    private async Task KeepFreshAsync()
    {
        using var timer = new PeriodicTimer(CheckEvery);
        var ticks = 0;
        try
        {
            while (await timer.WaitForNextTickAsync(_closing.Token))
            {
                if (++ticks % QuietTicksPerCheck == 0 || Ringing > 0)
                {
                    await RefreshAsync();
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
        {
            // The merchant left the page; the circuit is going away.
        }
    }

    private async Task RefreshAsync()
    {
        // Loads may overlap (a burst of events, the timer): only a newer one replaces what is shown.
        var ticket = Interlocked.Increment(ref _loadsStarted);
        try
        {
            await using var scope = Scopes.CreateAsyncScope();
            var orders = await scope.ServiceProvider.GetRequiredService<MerchantOrders>().QueueAsync(_merchantId, _closing.Token);
            await InvokeAsync(() =>
            {
                if (ticket > _loadShown)
                {
                    _loadShown = ticket;
                    _orders = orders;
                    StateHasChanged();
                }
            });
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
        {
            // The merchant left the page mid-load.
        }
    }

    private async Task ActAsync(QueueRequest request)
    {
        switch (request.Action)
        {
            case QueueAction.Acknowledge:
                await AcknowledgeAsync([request.OrderId]);
                break;
            case QueueAction.Accept:
                await MoveAsync(request.OrderId, (orders, ct) => orders.AcceptAsync(_merchantId, request.OrderId, ct), "Order accepted. The customer has been told.");
                break;
            case QueueAction.Pack:
                await MoveAsync(request.OrderId, (orders, ct) => orders.PackAsync(_merchantId, request.OrderId, ct), "Order packed. Assign a rider from the Packed tab.");
                break;
            case QueueAction.Reject:
                if (await AskReasonAsync() is { } reason)
                {
                    await MoveAsync(request.OrderId, (orders, ct) => orders.RejectAsync(_merchantId, request.OrderId, reason, ct), "Order rejected. Its stock is back on your shelf.");
                }

                break;
            case QueueAction.Change:
                await ShowThenRefreshAsync<OrderChangesDialog>("Change the order", request.OrderId);
                break;
            case QueueAction.AssignRider:
                await ShowThenRefreshAsync<AssignRiderDialog>("Assign a rider", request.OrderId);
                break;
        }
    }

    private Task AcknowledgeAllAsync() => AcknowledgeAsync([.. _orders.Where(o => o.AwaitsAcknowledgement).Select(o => o.Id)]);

    private async Task AcknowledgeAsync(IReadOnlyList<Guid> orderIds)
    {
        await using (var scope = Scopes.CreateAsyncScope())
        {
            var orders = scope.ServiceProvider.GetRequiredService<MerchantOrders>();
            foreach (var orderId in orderIds)
            {
                // An order that left the shop meanwhile answers "not found": nothing left to silence.
                await orders.AcknowledgeAsync(_merchantId, orderId, CancellationToken.None);
            }
        }

        await RefreshAsync();
    }

    private async Task EnableSoundAsync()
    {
        if (_alarm is not null)
        {
            _sound = await _alarm.InvokeAsync<string>("unlock");
        }
    }

    private async Task MoveAsync(Guid orderId, Func<MerchantOrders, CancellationToken, Task<Result>> move, string done)
    {
        if (!_busy.Add(orderId))
        {
            return; // A second tap while the first is on its way.
        }

        try
        {
            await using var scope = Scopes.CreateAsyncScope();
            var result = await move(scope.ServiceProvider.GetRequiredService<MerchantOrders>(), CancellationToken.None);
            if (result.IsSuccess)
            {
                Snackbar.Add(done, Severity.Success);
            }
            else
            {
                // Typically the other device (or the platform) was first: say what happened; the refresh shows it.
                Snackbar.Add(result.Error!.Message, Severity.Warning);
            }
        }
        finally
        {
            _busy.Remove(orderId);
        }

        await RefreshAsync();
    }

    private async Task<string?> AskReasonAsync()
    {
        var dialog = await Dialogs.ShowAsync<RejectOrderDialog>("Why can't you take it?", new DialogOptions { FullWidth = true, MaxWidth = MaxWidth.ExtraSmall });
        var answer = await dialog.Result;
        return answer is { Canceled: false, Data: string reason } ? reason : null;
    }

    private async Task ShowThenRefreshAsync<TDialog>(string title, Guid orderId)
        where TDialog : ComponentBase
    {
        var parameters = new DialogParameters { [nameof(OrderChangesDialog.OrderId)] = orderId };
        var dialog = await Dialogs.ShowAsync<TDialog>(title, parameters, new DialogOptions { FullWidth = true, MaxWidth = MaxWidth.Small });
        await dialog.Result;
        await RefreshAsync();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "The merchant's new-order alarm could not start in this browser")]
    private static partial void LogAlarmUnavailable(ILogger logger, Exception exception);
}
