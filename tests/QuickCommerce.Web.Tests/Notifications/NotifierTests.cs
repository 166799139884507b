using System.Threading.Channels;
using Microsoft.Extensions.DependencyInjection;
using QuickCommerce.Core.Notifications;
using QuickCommerce.Core.Realtime;
using QuickCommerce.Infrastructure.Identity;
using QuickCommerce.Infrastructure.Notifications;
using QuickCommerce.Infrastructure.Persistence;
using QuickCommerce.Infrastructure.Realtime;
using QuickCommerce.TestSupport;

namespace QuickCommerce.Web.Tests.Notifications;

/// <summary>The notifier as jobs use it: one inbox entry per key, the unread count, and the live "inbox" event.</summary>
public sealed class NotifierTests : AppTest
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private ApplicationUser _customer = null!;

    protected override async Task StartedAsync() => _customer = await TestAccounts.CreateAsync(App, Roles.Customer);

    [Fact]
    public async Task Notifying_twice_with_one_key_writes_one_entry_and_says_so_the_second_time()
    {
        var first = await NotifyAsync("order.status:1:Accepted");
        var second = await NotifyAsync("order.status:1:Accepted");

        first.ShouldBeTrue();
        second.ShouldBeFalse();
        (await InboxRows.CountAsync(Database, _customer.Id)).ShouldBe(1);
    }

    [Fact]
    public async Task Ten_concurrent_notifications_with_one_key_write_one_entry()
    {
        // Each call in its own scope, as ten job workers would make them.
        var written = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => Task.Run(() => NotifyAsync("order.status:2:Packed"))));

        written.Count(w => w).ShouldBe(1);
        (await InboxRows.CountAsync(Database, _customer.Id)).ShouldBe(1);
    }

    [Fact]
    public async Task The_same_key_for_two_people_writes_an_entry_for_each()
    {
        var other = await TestAccounts.CreateAsync(App, Roles.Customer);

        (await NotifyAsync("order.status:3:Accepted")).ShouldBeTrue();
        (await NotifyAsync("order.status:3:Accepted", other.Id)).ShouldBeTrue();

        (await InboxRows.CountAsync(Database, _customer.Id)).ShouldBe(1);
        (await InboxRows.CountAsync(Database, other.Id)).ShouldBe(1);
    }

    [Fact]
    public async Task Each_new_entry_raises_the_unread_count_and_tells_the_persons_screens_live()
    {
        var heard = Channel.CreateUnbounded<LiveEvent>();
        using var subscription = App.Services.GetRequiredService<LiveEventBus>().Subscribe([LiveGroups.User(_customer.Id)], e =>
            heard.Writer.WriteAsync(e).AsTask());

        await NotifyAsync("order.status:4:Accepted", title: "Order accepted");
        var first = await heard.Reader.ReadAsync().AsTask().WaitAsync(Patience);
        await NotifyAsync("order.status:4:Packed", title: "Order packed");
        var second = await heard.Reader.ReadAsync().AsTask().WaitAsync(Patience);
        await NotifyAsync("order.status:4:Packed", title: "Order packed");

        (first.Type, first.Data["unread"], first.Data["title"]).ShouldBe((Notifier.InboxEvent, "1", "Order accepted"));
        (second.Type, second.Data["unread"], second.Data["title"]).ShouldBe((Notifier.InboxEvent, "2", "Order packed"));
        await using var scope = App.Services.CreateAsyncScope();
        (await Notifier.CountUnreadAsync(scope.ServiceProvider.GetRequiredService<QuickCommerceDbContext>(), _customer.Id, CancellationToken.None)).ShouldBe(2);

        // The repeated key sent nothing: no third event follows the second.
        await Should.ThrowAsync<TimeoutException>(heard.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(1)));
    }

    private async Task<bool> NotifyAsync(string key, Guid? recipient = null, string title = "Order accepted")
    {
        await using var scope = App.Services.CreateAsyncScope();
        var notifier = scope.ServiceProvider.GetRequiredService<Notifier>();
        return await notifier.NotifyAsync(
            new Notification(recipient ?? _customer.Id, title, "Sri Balaji Kirana accepted your order.", "/orders"), key, CancellationToken.None);
    }
}
