using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using QuickCommerce.Core.Notifications;
using QuickCommerce.Core.Realtime;
using QuickCommerce.Infrastructure.Identity;
using QuickCommerce.Infrastructure.Notifications;
using QuickCommerce.Infrastructure.Realtime;
using QuickCommerce.Web.Features.Common;
using QuickCommerce.Web.Features.Notifications;

namespace QuickCommerce.Web.Tests.Components;

/// <summary>
/// The dashboards' inbox badge: the unread count when the screen opens, then kept live by the
/// person's "inbox" events. On the real database and live event bus (Redis), as on a circuit.
/// </summary>
public sealed class DashboardShellInboxTests : DatabaseComponentTest
{
    private Guid _merchantId;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _merchantId = await NewAccountAsync(Roles.Merchant);

        var bus = Infrastructure.GetRequiredService<LiveEventBus>();
        AddDatabase();
        Services.AddSingleton(bus);
        Services.AddSingleton<ILiveEvents>(bus);
        Services.AddScoped<Inbox>();
        SignInAs(_merchantId, Roles.Merchant);
    }

    [Fact]
    public async Task The_badge_shows_the_unread_count_and_follows_new_messages_live()
    {
        await NotifyAsync("order.placed:1");

        var shell = Render<DashboardShell>(p => p.Add(x => x.Title, "Merchant"));

        shell.WaitForAssertion(() => shell.Find("[data-inbox-unread]").GetAttribute("data-inbox-unread").ShouldBe("1"), Patience);
        shell.Find("a[href='/inbox']").GetAttribute("aria-label").ShouldBe("Inbox");
        shell.Find(".mud-badge").TextContent.Trim().ShouldBe("1");

        await NotifyAsync("order.placed:2");

        shell.WaitForAssertion(() => shell.Find("[data-inbox-unread]").GetAttribute("data-inbox-unread").ShouldBe("2"), Patience);
        shell.Find(".mud-badge").TextContent.Trim().ShouldBe("2");
    }

    [Fact]
    public async Task No_unread_messages_show_no_count_and_reading_elsewhere_clears_it_live()
    {
        await NotifyAsync("order.placed:3");
        var shell = Render<DashboardShell>(p => p.Add(x => x.Title, "Merchant"));
        shell.WaitForAssertion(() => shell.Find("[data-inbox-unread]").GetAttribute("data-inbox-unread").ShouldBe("1"), Patience);

        // Read on the phone's inbox page: the dashboard hears the new count.
        await using (var scope = Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<Inbox>().MarkAllReadAsync(_merchantId, CancellationToken.None);
        }

        shell.WaitForAssertion(() => shell.Find("[data-inbox-unread]").GetAttribute("data-inbox-unread").ShouldBe("0"), Patience);
        shell.FindAll(".mud-badge").ShouldBeEmpty();
    }

    [Fact]
    public async Task Another_persons_messages_do_not_move_the_badge()
    {
        var stranger = await NewAccountAsync(Roles.Merchant);
        var strangerHeard = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var strangersScreen = Infrastructure.GetRequiredService<LiveEventBus>().Subscribe([LiveGroups.User(stranger)], _ =>
        {
            strangerHeard.TrySetResult();
            return Task.CompletedTask;
        });
        var shell = Render<DashboardShell>(p => p.Add(x => x.Title, "Merchant"));
        shell.WaitForAssertion(() => shell.Find("[data-inbox-unread]").GetAttribute("data-inbox-unread").ShouldBe("0"), Patience);

        await NotifyAsync("order.placed:4", stranger);
        await strangerHeard.Task.WaitAsync(Patience);

        // The bus offers each event to every screen at once: the stranger's screen has it, the merchant's did not take it.
        shell.Find("[data-inbox-unread]").GetAttribute("data-inbox-unread").ShouldBe("0");
        shell.FindAll(".mud-badge").ShouldBeEmpty();
    }

    private async Task NotifyAsync(string key, Guid? recipient = null)
    {
        await using var scope = Infrastructure.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<Notifier>().NotifyAsync(
            new Notification(recipient ?? _merchantId, "New order", "2 × Nandini Toned Milk", "/merchant"), key, CancellationToken.None);
    }
}
