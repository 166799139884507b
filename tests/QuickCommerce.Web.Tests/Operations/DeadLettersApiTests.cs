using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using QuickCommerce.Core.Catalog;
using QuickCommerce.Core.Jobs;
using QuickCommerce.Core.Stores;
using QuickCommerce.Infrastructure.Identity;
using QuickCommerce.Infrastructure.Jobs;
using QuickCommerce.Infrastructure.Persistence;
using QuickCommerce.TestSupport;
using QuickCommerce.Web.Features.Checkout;
using QuickCommerce.Web.Tests.Orders;

namespace QuickCommerce.Web.Tests.Operations;

/// <summary>
/// /api/v1/admin/jobs/dead-letters as an admin's client sees it. The background worker is off, so a
/// retried job stays where the retry put it until a test runs the worker itself.
/// </summary>
public sealed class DeadLettersApiTests : AppTest, IDisposable
{
    private const string DeadLetters = "/api/v1/admin/jobs/dead-letters";

    private Store _store = null!;
    private Product _atta = null!;
    private HttpClient _admin = null!;

    public void Dispose() => _admin.Dispose();

    protected override Task SeedAsync(QuickCommerceDbContext db)
    {
        _store = DemoShop.Store("Sai Ram Kirana");
        _atta = DemoShop.Product(_store, "Aashirvaad Atta", pricePaise: 24500, mrpPaise: 26000, stock: 10);
        db.Stores.Add(_store);
        db.Products.Add(_atta);
        return Task.CompletedTask;
    }

    protected override void Configure(QuickCommerceApp app) => app.Settings["Jobs:RunWorker"] = "false";

    protected override async Task StartedAsync() =>
        _admin = await TestAccounts.ClientForAsync(App, await TestAccounts.CreateAsync(App, Roles.Admin));

    [Fact]
    public async Task The_list_shows_dead_letters_most_recent_first_with_their_last_error_and_nothing_else()
    {
        var older = await JobRows.DeadLetteredAsync(Database, payload: """{"phone":"+919800000001"}""", ago: TimeSpan.FromMinutes(5));
        var unhandled = await DeadLetterThroughTheQueueAsync("test.nobody-handles-this");
        var pending = await JobRows.PendingAsync(Database, dueFor: TimeSpan.FromMinutes(-10));
        var succeeded = await JobRows.SucceededAsync(Database, ago: TimeSpan.FromSeconds(5));

        var listed = await ListAsync(string.Empty);

        var ids = listed.Select(j => j.GetProperty("id").GetGuid()).ToList();
        ids.ShouldNotContain(pending);
        ids.ShouldNotContain(succeeded);
        ids.IndexOf(unhandled).ShouldBeGreaterThanOrEqualTo(0);
        ids.IndexOf(older).ShouldBeGreaterThan(ids.IndexOf(unhandled), "the most recently dead-lettered come first");

        var fresh = listed.Single(j => j.GetProperty("id").GetGuid() == unhandled);
        fresh.GetProperty("type").GetString().ShouldBe("test.nobody-handles-this");
        fresh.GetProperty("attempts").GetInt32().ShouldBe(1);
        fresh.GetProperty("lastError").GetString().ShouldBe("No handler is registered for job type 'test.nobody-handles-this'.");
        fresh.GetProperty("deadLetteredAt").GetDateTimeOffset().ShouldBeGreaterThan(DateTimeOffset.UtcNow.AddMinutes(-1));

        var failed = listed.Single(j => j.GetProperty("id").GetGuid() == older);
        failed.GetProperty("type").GetString().ShouldBe("test.send-sms");
        failed.GetProperty("attempts").GetInt32().ShouldBe(5);
        failed.GetProperty("lastError").GetString().ShouldBe(JobRows.TimeoutError);
        JsonDocument.Parse(failed.GetProperty("payload").GetString()!).RootElement.GetProperty("phone").GetString().ShouldBe("+919800000001");
    }

    [Fact]
    public async Task The_list_holds_50_by_default_and_as_many_as_the_limit_asks_up_to_200()
    {
        for (var i = 0; i < 52; i++)
        {
            await JobRows.DeadLetteredAsync(Database, ago: TimeSpan.FromHours(1));
        }

        var newest = await JobRows.DeadLetteredAsync(Database);

        (await ListAsync(string.Empty)).Count.ShouldBe(50);
        (await ListAsync("?limit=200")).Count.ShouldBeGreaterThanOrEqualTo(53);
        var one = await ListAsync("?limit=1");
        one.Single().GetProperty("id").GetGuid().ShouldBe(newest);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("201")]
    [InlineData("-5")]
    [InlineData("ten")]
    [InlineData("2.5")]
    public async Task A_limit_that_is_not_a_whole_number_from_1_to_200_is_a_400_naming_the_limit(string limit)
    {
        var response = await _admin.GetAsync($"{DeadLetters}?limit={limit}");

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("title").GetString().ShouldBe("The limit is not valid.");
        problem.GetProperty("errors").GetProperty("limit")[0].GetString().ShouldBe("Limit must be a whole number from 1 to 200.");
    }

    [Fact]
    public async Task Retrying_a_dead_letter_queues_it_again_due_now_with_its_attempts_reset()
    {
        var id = await JobRows.DeadLetteredAsync(Database);
        var before = await FiguresAsync();

        var response = await _admin.PostAsync($"{DeadLetters}/{id}/retry", null);

        response.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var job = (await JobRows.FindAsync(Database, id)).ShouldNotBeNull();
        job.Status.ShouldBe(JobStatus.Pending);
        job.Attempts.ShouldBe(0);
        job.RunAfter.ShouldBeLessThanOrEqualTo(DateTimeOffset.UtcNow.AddSeconds(1));
        job.CompletedAt.ShouldBeNull();
        job.LastError.ShouldBe(JobRows.TimeoutError, "the last error stays until the next attempt replaces it");
        (await ListAsync("?limit=200")).ShouldNotContain(j => j.GetProperty("id").GetGuid() == id);
        var after = await FiguresAsync();
        after.GetProperty("deadLettered").GetInt64().ShouldBe(before.GetProperty("deadLettered").GetInt64() - 1);
        after.GetProperty("pending").GetInt64().ShouldBe(before.GetProperty("pending").GetInt64() + 1);
    }

    [Fact]
    public async Task A_retried_job_is_run_by_its_handler_and_succeeds()
    {
        // An order's follow-up that used up its attempts while the notification channel was down.
        var orderId = await PlaceOrderAsync();
        await using (var db = Database.NewContext())
        {
            (await db.Jobs.Where(j => j.Key == OrderPlacedHandler.KeyFor(orderId)).ExecuteUpdateAsync(set => set
                .SetProperty(j => j.Status, JobStatus.DeadLettered)
                .SetProperty(j => j.Attempts, Job.DefaultMaxAttempts)
                .SetProperty(j => j.CompletedAt, DateTimeOffset.UtcNow)
                .SetProperty(j => j.LastError, "System.Net.Http.HttpRequestException: Connection refused (push.example:443)"))).ShouldBe(1);
        }

        var jobId = (await ListAsync(string.Empty)).Single(j => j.GetProperty("type").GetString() == OrderPlacedHandler.JobType).GetProperty("id").GetGuid();

        (await _admin.PostAsync($"{DeadLetters}/{jobId}/retry", null)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        await RunDueJobsAsync();

        var job = (await JobRows.FindAsync(Database, jobId)).ShouldNotBeNull();
        job.Status.ShouldBe(JobStatus.Succeeded);
        job.Attempts.ShouldBe(1);
    }

    [Fact]
    public async Task Discarding_a_dead_letter_deletes_it()
    {
        var id = await JobRows.DeadLetteredAsync(Database);

        var response = await _admin.DeleteAsync($"{DeadLetters}/{id}");

        response.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await JobRows.FindAsync(Database, id)).ShouldBeNull();
        (await ListAsync("?limit=200")).ShouldNotContain(j => j.GetProperty("id").GetGuid() == id);
    }

    [Theory]
    [InlineData("retry")]
    [InlineData("discard")]
    public async Task Acting_on_an_id_of_no_job_is_a_404_saying_so(string action)
    {
        var id = Guid.NewGuid();

        var response = await ActAsync(action, id);

        await ShouldBeNotDeadLetteredAsync(response, id);
    }

    [Theory]
    [InlineData("retry")]
    [InlineData("discard")]
    public async Task Acting_on_a_job_that_is_not_dead_lettered_is_a_404_and_leaves_it_alone(string action)
    {
        var id = await JobRows.PendingAsync(Database, dueFor: TimeSpan.FromMinutes(-30));

        var response = await ActAsync(action, id);

        await ShouldBeNotDeadLetteredAsync(response, id);
        var job = (await JobRows.FindAsync(Database, id)).ShouldNotBeNull();
        job.Status.ShouldBe(JobStatus.Pending);
        job.RunAfter.ShouldBeGreaterThan(DateTimeOffset.UtcNow.AddMinutes(29));
    }

    [Fact]
    public async Task Discarding_a_dead_letter_twice_is_a_404_the_second_time()
    {
        var id = await JobRows.DeadLetteredAsync(Database);

        (await _admin.DeleteAsync($"{DeadLetters}/{id}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var again = await _admin.DeleteAsync($"{DeadLetters}/{id}");

        await ShouldBeNotDeadLetteredAsync(again, id);
    }

    private static async Task ShouldBeNotDeadLetteredAsync(HttpResponseMessage response, Guid id)
    {
        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("title").GetString().ShouldBe($"There is no dead-lettered job {id}. It may have been retried or discarded already.");
        problem.GetProperty("status").GetInt32().ShouldBe(404);
    }

    private Task<HttpResponseMessage> ActAsync(string action, Guid id) => action switch
    {
        "retry" => _admin.PostAsync($"{DeadLetters}/{id}/retry", null),
        "discard" => _admin.DeleteAsync($"{DeadLetters}/{id}"),
        _ => throw new ArgumentOutOfRangeException(nameof(action), action, "retry or discard"),
    };

    private async Task<List<JsonElement>> ListAsync(string query)
    {
        var response = await _admin.GetAsync($"{DeadLetters}{query}");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        return [.. (await response.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray()];
    }

    private async Task<JsonElement> FiguresAsync() => await _admin.GetFromJsonAsync<JsonElement>("/api/v1/admin/jobs/metrics");

    /// <summary>Enqueues a job through the app's queue and lets its worker run it: with no handler for the type, it is dead-lettered at once.</summary>
    private async Task<Guid> DeadLetterThroughTheQueueAsync(string type)
    {
        var key = $"{type}:{Guid.NewGuid()}";
        await using (var scope = App.Services.CreateAsyncScope())
        {
            scope.ServiceProvider.GetRequiredService<IJobQueue>().Enqueue(type, key, new { Reason = "test" });
            await scope.ServiceProvider.GetRequiredService<QuickCommerceDbContext>().SaveChangesAsync();
        }

        await RunDueJobsAsync();
        await using var db = Database.NewContext();
        var job = await db.Jobs.AsNoTracking().SingleAsync(j => j.Key == key);
        job.Status.ShouldBe(JobStatus.DeadLettered);
        return job.Id;
    }

    /// <summary>What the background worker would do: run every due job.</summary>
    private async Task RunDueJobsAsync()
    {
        var worker = App.Services.GetRequiredService<JobWorker>();
        while (await worker.RunOnceAsync("test-worker", 10, CancellationToken.None) > 0)
        {
        }
    }

    /// <summary>Places a cash-on-delivery order as a new customer; its "order.placed" job waits, since no worker runs.</summary>
    private async Task<Guid> PlaceOrderAsync()
    {
        using var customer = await TestAccounts.ClientForAsync(App, await TestAccounts.CreateAsync(App, Roles.Customer));
        return await OrderRequests.PlaceCreatedAsync(customer, OrderRequests.For(_store, (_atta, 1)));
    }
}
