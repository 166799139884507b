using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;

namespace QuickCommerce.Bench;

/// <summary>
/// Scenario 4: the demo merchant checks (preview) and then imports a generated CSV of new products
/// through the inventory API, as the import dialog does. Names and barcodes carry the run tag, so
/// every run adds new products instead of finding last run's unchanged.
/// </summary>
internal sealed class CsvImportScenario(ShopApi api, BenchSettings settings, string runTag)
{
    private const string Base = "/api/v1/merchant/inventory";

    public async Task<ScenarioResult> RunAsync()
    {
        var merchant = await api.SignInAsync("merchant@demo.in", settings.Password);
        var categories = await api.GetAsync<List<CategoryView>>($"{Base}/categories", merchant);
        var file = Generate(settings.CsvRows, categories);

        var before = AppMemory.ResidentMb(settings.AppPid);
        var (preview, previewOutcome, previewTime) = await SendAsync($"{Base}/import/preview", file, merchant);
        var (import, importOutcome, importTime) = previewOutcome.IsSuccess && preview?.Errors.Count == 0
            ? await SendAsync($"{Base}/import", file, merchant)
            : (null, new RequestOutcome(null, "not sent: the preview found errors"), TimeSpan.Zero);
        var after = AppMemory.ResidentMb(settings.AppPid);

        var total = previewTime + importTime;
        var load = new LoadResult([previewTime.TotalMilliseconds, importTime.TotalMilliseconds], [previewOutcome, importOutcome], total);
        var created = import?.Created ?? 0;
        return ScenarioResult.Of(
            "4. CSV import",
            1,
            load,
            new MemoryFigures(before, after),
            o => !o.IsSuccess,
            $"{settings.CsvRows:N0} rows ({file.Length / 1024:N0} KB): preview {Seconds(previewTime)} s " +
            $"({preview?.Errors.Count ?? -1} errors), import {Seconds(importTime)} s ({created:N0} created)",
            new Dictionary<string, object>
            {
                ["rows"] = settings.CsvRows,
                ["fileKilobytes"] = file.Length / 1024,
                ["previewSeconds"] = Math.Round(previewTime.TotalSeconds, 2),
                ["importSeconds"] = Math.Round(importTime.TotalSeconds, 2),
                ["previewErrors"] = preview?.Errors.Count ?? -1,
                ["created"] = created,
            });
    }

    private async Task<(ImportReport? Report, RequestOutcome Outcome, TimeSpan Took)> SendAsync(string path, byte[] file, string merchant)
    {
        using var request = ShopApi.Request(HttpMethod.Post, path, merchant);
        request.Content = new ByteArrayContent(file);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("text/csv") { CharSet = "utf-8" };
        var clock = Stopwatch.StartNew();
        using var response = await api.Http.SendAsync(request);
        if (!response.IsSuccessStatusCode)
        {
            var refused = await ShopApi.OutcomeOfAsync(response);
            return (null, refused, clock.Elapsed);
        }

        var report = await response.Content.ReadFromJsonAsync<ImportReport>(ShopApi.Json);
        return (report, new RequestOutcome((int)response.StatusCode, null), clock.Elapsed);
    }

    /// <summary>A file as a merchant's spreadsheet exports it: the nine columns, prices in rupees, a category by slug.</summary>
    private byte[] Generate(int rows, IReadOnlyList<CategoryView> categories)
    {
        var text = new StringBuilder("name,hindi_name,brand,unit,price,mrp,stock,category,barcode\r\n");
        for (var i = 1; i <= rows; i++)
        {
            var category = categories[i % categories.Count];
            var paise = 1_000 + (i * 37 % 49_000);
            text.Append(CultureInfo.InvariantCulture,
                $"Bench import {runTag} item {i:D5},बेंच सामान {i},BenchCo,500 g,{paise / 100m:0.00},{(paise + 500) / 100m:0.00},{i % 120},{category.Slug},BI-{runTag}-{i:D5}\r\n");
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }

    private static string Seconds(TimeSpan time) => time.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture);

    private sealed record CategoryView(int Id, string Name, string Slug);

    private sealed record ImportReport(int Rows, int Created, int Updated, int Unchanged, int StockCorrections, IReadOnlyList<ImportError> Errors);

    private sealed record ImportError(int Line, string? Column, string Message);
}
