using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Extensions.DependencyInjection;
using QuickCommerce.Core.Realtime;
using QuickCommerce.Infrastructure.Identity;
using QuickCommerce.Infrastructure.Realtime;
using QuickCommerce.TestSupport;

namespace QuickCommerce.Web.Tests.Notifications;

public sealed class InboxApiTests : AppTest, IDisposable
{
    private static readonly DateTimeOffset Morning = new(2026, 11, 25, 4, 0, 0, TimeSpan.Zero);

    private ApplicationUser _customer = null!;
    private HttpClient _client = null!;
    private HttpClient _otherClient = null!;

    public void Dispose()
    {
        _client.Dispose();
        _otherClient.Dispose();
    }

    protected override async Task StartedAsync()
    {
        _customer = await TestAccounts.CreateAsync(App, Roles.Customer);
        _client = await TestAccounts.ClientForAsync(App, _customer);
        _otherClient = await TestAccounts.ClientForAsync(App, await TestAccounts.CreateAsync(App, Roles.Customer));
    }

    [Fact]
    public async Task The_inbox_lists_the_callers_messages_newest_first_with_the_unread_count()
    {
        var older = await InboxRows.AddAsync(Database, _customer.Id, "Order placed", "/orders/1", Morning);
        var newer = await InboxRows.AddAsync(Database, _customer.Id, "Order accepted", "/orders/2", Morning.AddMinutes(3));
        (await _client.PostAsync($"/api/v1/inbox/{older}/read", null)).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        var inbox = await _client.GetFromJsonAsync<JsonElement>("/api/v1/inbox");

        inbox.GetProperty("unread").GetInt32().ShouldBe(1);
        inbox.GetProperty("next").ValueKind.ShouldBe(JsonValueKind.Null);
        var messages = inbox.GetProperty("messages").EnumerateArray().ToList();
        messages.Select(m => m.GetProperty("id").GetGuid()).ShouldBe([newer, older]);
        messages[0].GetProperty("title").GetString().ShouldBe("Order accepted");
        messages[0].GetProperty("body").GetString().ShouldBe("About: Order accepted");
        messages[0].GetProperty("link").GetString().ShouldBe("/orders/2");
        messages[0].GetProperty("createdAt").GetDateTimeOffset().ShouldBe(Morning.AddMinutes(3));
        messages.Select(m => m.GetProperty("read").GetBoolean()).ShouldBe([false, true]);
    }

    [Fact]
    public async Task Paging_with_next_walks_every_message_once_newest_first_even_when_times_tie()
    {
        var expected = new List<Guid>();
        for (var i = 0; i < 12; i++)
        {
            // Pairs share a timestamp, so page boundaries must fall between messages of the same moment.
            expected.Add(await InboxRows.AddAsync(Database, _customer.Id, $"Message {i}", at: Morning.AddMinutes(i / 2)));
        }

        var seen = new List<Guid>();
        var pages = 0;
        string? next = null;
        do
        {
            var path = next is null ? "/api/v1/inbox?limit=5" : $"/api/v1/inbox?limit=5&before={Uri.EscapeDataString(next)}";
            var page = await _client.GetFromJsonAsync<JsonElement>(path);
            page.GetProperty("unread").GetInt32().ShouldBe(12);
            seen.AddRange(page.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("id").GetGuid()));
            next = page.GetProperty("next").GetString();
            pages++;
        }
        while (next is not null && pages < 10);

        pages.ShouldBe(3);
        seen.Count.ShouldBe(12);
        seen.ShouldBeUnique();
        seen.Take(2).ShouldBe(expected.Skip(10), ignoreOrder: true);
        seen.TakeLast(2).ShouldBe(expected.Take(2), ignoreOrder: true);
    }

    [Fact]
    public async Task Marking_a_message_read_lowers_the_count_and_tells_the_persons_other_screens()
    {
        var heard = Channel.CreateUnbounded<LiveEvent>();
        using var subscription = App.Services.GetRequiredService<LiveEventBus>().Subscribe([LiveGroups.User(_customer.Id)], e =>
            heard.Writer.WriteAsync(e).AsTask());
        var first = await InboxRows.AddAsync(Database, _customer.Id, at: Morning);
        await InboxRows.AddAsync(Database, _customer.Id, at: Morning.AddMinutes(1));

        (await _client.PostAsync($"/api/v1/inbox/{first}/read", null)).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        (await InboxRows.IsReadAsync(Database, first)).ShouldBeTrue();
        (await UnreadAsync(_client)).ShouldBe(1);
        var liveEvent = await heard.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        (liveEvent.Type, liveEvent.Data["unread"]).ShouldBe(("inbox", "1"));

        // Again is fine, and changes nothing.
        (await _client.PostAsync($"/api/v1/inbox/{first}/read", null)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await UnreadAsync(_client)).ShouldBe(1);
    }

    [Fact]
    public async Task Another_persons_message_is_not_found_and_stays_unread()
    {
        var mine = await InboxRows.AddAsync(Database, _customer.Id);

        var response = await _otherClient.PostAsync($"/api/v1/inbox/{mine}/read", null);

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString().ShouldBe("There is no such message in your inbox.");
        (await InboxRows.IsReadAsync(Database, mine)).ShouldBeFalse();
        (await _otherClient.GetFromJsonAsync<JsonElement>("/api/v1/inbox")).GetProperty("messages").GetArrayLength().ShouldBe(0);
    }

    [Fact]
    public async Task An_unknown_message_is_not_found()
    {
        var response = await _client.PostAsync($"/api/v1/inbox/{Guid.NewGuid()}/read", null);

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
    }

    [Fact]
    public async Task Read_all_clears_the_callers_count_and_leaves_other_peoples_messages_alone()
    {
        await InboxRows.AddAsync(Database, _customer.Id, at: Morning);
        await InboxRows.AddAsync(Database, _customer.Id, at: Morning.AddMinutes(1));
        var other = await TestAccounts.CreateAsync(App, Roles.Merchant);
        var theirs = await InboxRows.AddAsync(Database, other.Id);

        (await _client.PostAsync("/api/v1/inbox/read-all", null)).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        (await UnreadAsync(_client)).ShouldBe(0);
        (await InboxRows.IsReadAsync(Database, theirs)).ShouldBeFalse();
        (await _client.PostAsync("/api/v1/inbox/read-all", null)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
    }

    [Fact]
    public async Task A_link_to_another_site_is_never_handed_out()
    {
        await InboxRows.AddAsync(Database, _customer.Id, "Phish", "https://evil.example/login", Morning);
        await InboxRows.AddAsync(Database, _customer.Id, "Phish", "//evil.example/login", Morning.AddMinutes(1));
        await InboxRows.AddAsync(Database, _customer.Id, "Phish", "/\\evil.example/login", Morning.AddMinutes(2));

        var inbox = await _client.GetFromJsonAsync<JsonElement>("/api/v1/inbox");

        inbox.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("link").ValueKind).ShouldAllBe(kind => kind == JsonValueKind.Null);
    }

    [Theory]
    [InlineData("limit=0", "limit", "Limit must be between 1 and 50.")]
    [InlineData("limit=51", "limit", "Limit must be between 1 and 50.")]
    [InlineData("limit=ten", "limit", "Limit must be a whole number.")]
    [InlineData("before=yesterday", "before", "Before must be the next value of an earlier page.")]
    [InlineData("before=638000000000000000-nothex", "before", "Before must be the next value of an earlier page.")]
    public async Task A_bad_query_is_a_400_naming_the_field(string query, string field, string message)
    {
        var response = await _client.GetAsync($"/api/v1/inbox?{query}");

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("errors").GetProperty(field)[0].GetString().ShouldBe(message);
    }

    [Fact]
    public async Task Without_credentials_the_inbox_is_a_401()
    {
        using var anonymous = App.CreateClient();

        (await anonymous.GetAsync("/api/v1/inbox")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    private static async Task<int> UnreadAsync(HttpClient client) =>
        (await client.GetFromJsonAsync<JsonElement>("/api/v1/inbox?limit=1")).GetProperty("unread").GetInt32();
}
