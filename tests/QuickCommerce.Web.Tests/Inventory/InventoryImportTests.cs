using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using QuickCommerce.Core.Catalog;
using Xunit.Abstractions;

namespace QuickCommerce.Web.Tests.Inventory;

/// <summary>CSV export and the two-step import through the API, on the real database.</summary>
public sealed class InventoryImportTests(ITestOutputHelper output) : InventoryTest
{
    private const string Base = "/api/v1/merchant/inventory";
    private const string Header = "name,hindi_name,brand,unit,price,mrp,stock,category,barcode";

    private static readonly string[] Slugs =
    [
        "atta-flours", "rice-grains", "dal-pulses", "oil-ghee", "masala-spices", "dairy-eggs", "bread-bakery", "snacks-biscuits",
        "beverages", "fruits", "vegetables", "household", "personal-care", "instant-food", "sugar-salt-jaggery",
    ];

    [Fact]
    public async Task A_good_file_with_bom_hindi_and_quoted_commas_previews_then_imports_with_stock_as_corrections()
    {
        var shop = await ShopAsync();
        var salt = await ProductAsync(shop, "Tata Salt", pricePaise: 2800, mrpPaise: 2800, stock: 10, barcode: "8904043901015", unit: "1 kg", categoryId: 15);
        var csv = Utf8Bom(
            Header + "\r\n" +
            "Tata Salt,नमक (namak),Tata,1 kg,27.50,28,14,\"Sugar, Salt & Jaggery\",8904043901015\r\n" +
            "\"Amul Butter, Salted\",मक्खन (makkhan),Amul,100 g,56,58,12,dairy-eggs,\r\n" +
            "Parle-G,बिस्कुट (biscuit),Parle,80 g,10,10,,Snacks & Biscuits,8901719101038\r\n");

        var preview = await PostAsync(shop, "import/preview", csv);
        preview.StatusCode.ShouldBe(HttpStatusCode.OK);
        var report = await preview.Content.ReadFromJsonAsync<JsonElement>();
        report.GetProperty("rows").GetInt32().ShouldBe(3);
        report.GetProperty("errors").GetArrayLength().ShouldBe(0);
        (report.GetProperty("created").GetInt32(), report.GetProperty("updated").GetInt32()).ShouldBe((2, 1));
        (await ProductsOfAsync(shop)).Count.ShouldBe(1);

        var imported = await PostAsync(shop, "import", csv);
        imported.StatusCode.ShouldBe(HttpStatusCode.OK);

        var products = await ProductsOfAsync(shop);
        products.Select(p => (p.Name, p.HindiName, p.Unit, p.PricePaise, p.Stock, p.CategoryId)).ShouldBe(
        [
            ("Amul Butter, Salted", "मक्खन (makkhan)", "100 g", 5600L, 12, 6),
            ("Parle-G", "बिस्कुट (biscuit)", "80 g", 1000L, 0, 8),
            ("Tata Salt", "नमक (namak)", "1 kg", 2750L, 14, 15),
        ]);
        var saltNow = products.Single(p => p.Id == salt.Id);
        saltNow.Version.ShouldBe(2);
        var correction = (await LedgerRowsAsync(salt.Id)).ShouldHaveSingleItem();
        (correction.Delta, correction.Reason, correction.StockAfter, correction.Note).ShouldBe((4, StockChangeReason.Correction, 14, "CSV import"));
    }

    [Fact]
    public async Task A_wrong_header_is_refused_naming_the_columns_and_nothing_is_written()
    {
        var shop = await ShopAsync();
        var csv = Encoding.UTF8.GetBytes("name,brand,unit,price,stock,category,barcode,colour\nAtta,Aashirvaad,5 kg,245,10,atta-flours,,red\n");

        var preview = await (await PostAsync(shop, "import/preview", csv)).Content.ReadFromJsonAsync<JsonElement>();
        var error = preview.GetProperty("errors").EnumerateArray().ShouldHaveSingleItem();
        error.GetProperty("line").GetInt32().ShouldBe(1);
        error.GetProperty("message").GetString()!.ShouldStartWith("The header row does not match: missing columns hindi_name, mrp; unknown column colour.");

        var imported = await PostAsync(shop, "import", csv);
        imported.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await ProductsOfAsync(shop)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Bad_rows_are_all_listed_by_line_and_column_and_the_import_writes_nothing()
    {
        var shop = await ShopAsync();
        var atta = await ProductAsync(shop, "Aashirvaad Atta", stock: 10, barcode: "8901725181109");
        var csv = Encoding.UTF8.GetBytes(
            Header + "\n" +
            "Aashirvaad Atta,आटा,Aashirvaad,5 kg,245,260,50,atta-flours,8901725181109\n" +   // 2: fine (an update)
            "Fortune Oil,तेल,Fortune,1 L,190,180,10,oil-ghee,\n" +                           // 3: price above MRP
            ",,Tata,1 kg,28,28,5,Sugar Salt & Jaggery,\n" +                                  // 4: no name
            "Toor Dal,दाल,Tata,1 kg,rs abc,160,-3,Dal & Pulses,\n" +                         // 5: bad price, bad stock
            "Maggi,,Nestle,70 g,14,14,20,Noodles,\n" +                                       // 6: unknown category
            "Aashirvaad Atta 5kg,,Aashirvaad,5 kg,240,260,5,atta-flours,8901725181109\n");   // 7: same barcode as line 2

        var preview = await PostAsync(shop, "import/preview", csv);
        preview.StatusCode.ShouldBe(HttpStatusCode.OK);
        var report = await preview.Content.ReadFromJsonAsync<JsonElement>();
        report.GetProperty("rows").GetInt32().ShouldBe(6);
        var errors = report.GetProperty("errors").EnumerateArray()
            .Select(e => (e.GetProperty("line").GetInt32(), e.GetProperty("column").GetString()))
            .ToList();
        errors.ShouldBe(
        [
            (3, "price"),
            (4, "name"),
            (5, "price"),
            (5, "stock"),
            (6, "category"),
            (7, null),
        ]);

        var imported = await PostAsync(shop, "import", csv);
        imported.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        var problem = await imported.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("errors").GetArrayLength().ShouldBe(6);
        problem.GetProperty("title").GetString().ShouldBe("The file has errors; nothing was imported.");

        var products = await ProductsOfAsync(shop);
        products.ShouldHaveSingleItem().PricePaise.ShouldBe(atta.PricePaise);
        products[0].Stock.ShouldBe(10);
        (await LedgerRowsAsync(atta.Id)).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_file_that_is_not_utf8_is_refused_with_a_clear_message()
    {
        var shop = await ShopAsync();
        byte[] ansi = [.. Encoding.UTF8.GetBytes(Header + "\nCaf"), 0xE9, .. Encoding.UTF8.GetBytes(" Coffee,,Nescafe,50 g,150,160,5,beverages,\n")];

        var imported = await PostAsync(shop, "import", ansi);

        imported.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        var error = (await imported.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateArray().ShouldHaveSingleItem();
        error.GetProperty("line").GetInt32().ShouldBe(2);
        error.GetProperty("message").GetString()!.ShouldContain("not UTF-8");
        (await ProductsOfAsync(shop)).ShouldBeEmpty();
    }

    [Fact]
    public async Task More_than_ten_thousand_rows_or_two_megabytes_are_refused()
    {
        var shop = await ShopAsync();
        var rows = new StringBuilder(Header).Append('\n');
        for (var i = 0; i <= 10_000; i++)
        {
            rows.Append(CultureInfo.InvariantCulture, $"P{i},,B,1 kg,10,10,1,beverages,\n");
        }

        var tooMany = await (await PostAsync(shop, "import/preview", Encoding.UTF8.GetBytes(rows.ToString()))).Content.ReadFromJsonAsync<JsonElement>();
        tooMany.GetProperty("errors")[0].GetProperty("message").GetString()!.ShouldStartWith("The file has more than 10,000 product rows.");

        var tooBig = await PostAsync(shop, "import", new byte[(2 * 1024 * 1024) + 1]);
        tooBig.StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
        (await ProductsOfAsync(shop)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Five_thousand_rows_import_in_one_go()
    {
        var shop = await ShopAsync();
        var csv = new StringBuilder(Header).Append('\n');
        for (var i = 0; i < 5_000; i++)
        {
            csv.Append(CultureInfo.InvariantCulture, $"Product {i:D4},उत्पाद {i},Brand {i % 40},{(i % 5) + 1} kg,{50 + (i % 200)}.50,{300 + (i % 50)},{i % 90},{Slugs[i % 15]},89{i:D11}\n");
        }

        var content = Encoding.UTF8.GetBytes(csv.ToString());
        var previewClock = Stopwatch.StartNew();
        var preview = await PostAsync(shop, "import/preview", content);
        previewClock.Stop();
        preview.StatusCode.ShouldBe(HttpStatusCode.OK);

        var importClock = Stopwatch.StartNew();
        var imported = await PostAsync(shop, "import", content);
        importClock.Stop();

        imported.StatusCode.ShouldBe(HttpStatusCode.OK, await imported.Content.ReadAsStringAsync());
        output.WriteLine($"5,000 rows ({content.Length / 1024} KB): preview {previewClock.ElapsedMilliseconds} ms, import {importClock.ElapsedMilliseconds} ms");
        var products = await ProductsOfAsync(shop);
        products.Count.ShouldBe(5_000);
        products.Sum(p => p.Stock).ShouldBe(Enumerable.Range(0, 5_000).Sum(i => i % 90));

        // The same file again changes nothing; the same file with new counts writes corrections.
        var again = await (await PostAsync(shop, "import", content)).Content.ReadFromJsonAsync<JsonElement>();
        (again.GetProperty("created").GetInt32(), again.GetProperty("updated").GetInt32(), again.GetProperty("unchanged").GetInt32()).ShouldBe((0, 0, 5_000));
    }

    [Fact]
    public async Task Export_then_import_round_trips_and_a_changed_cell_is_the_only_update()
    {
        var shop = await ShopAsync();
        await ProductAsync(shop, "Tata Salt", pricePaise: 2800, mrpPaise: 2800, stock: 10, barcode: "8904043901015", unit: "1 kg", categoryId: 15);
        await ProductAsync(shop, "=cmd Masala", pricePaise: 4550, mrpPaise: 5000, stock: 0, unit: "100 g", categoryId: 5);
        await ProductAsync(shop, "Amul Butter, Salted", pricePaise: 5600, mrpPaise: 5800, stock: 3, unit: "100 g", categoryId: 6);

        var export = await shop.Client.GetByteArrayAsync($"{Base}/export.csv");
        var text = Encoding.UTF8.GetString(export);
        text.ShouldStartWith("\uFEFF" + Header + "\r\n");
        text.ShouldContain("\"Amul Butter, Salted\",आटा (atta),Aashirvaad,100 g,56.00,58.00,3,Dairy & Eggs,");
        text.ShouldContain("'=cmd Masala");

        var unchanged = await (await PostAsync(shop, "import", export)).Content.ReadFromJsonAsync<JsonElement>();
        (unchanged.GetProperty("created").GetInt32(), unchanged.GetProperty("updated").GetInt32(), unchanged.GetProperty("unchanged").GetInt32()).ShouldBe((0, 0, 3));
        (await ProductsOfAsync(shop)).Select(p => p.Name).ShouldContain("=cmd Masala");

        var edited = Encoding.UTF8.GetBytes(text.Replace(",56.00,58.00,3,", ",55.00,58.00,9,", StringComparison.Ordinal));
        var report = await (await PostAsync(shop, "import", edited)).Content.ReadFromJsonAsync<JsonElement>();
        (report.GetProperty("updated").GetInt32(), report.GetProperty("unchanged").GetInt32(), report.GetProperty("stockCorrections").GetInt32()).ShouldBe((1, 2, 1));
        var butter = (await ProductsOfAsync(shop)).Single(p => p.Name == "Amul Butter, Salted");
        (butter.PricePaise, butter.Stock).ShouldBe((5500L, 9));
    }

    [Fact]
    public async Task A_multipart_upload_works_as_the_raw_body_does()
    {
        var shop = await ShopAsync();
        using var form = new MultipartFormDataContent();
        using var file = new ByteArrayContent(Encoding.UTF8.GetBytes(Header + "\nNandini Milk,दूध,Nandini,500 ml,24,24,30,Dairy & Eggs,\n"));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        form.Add(file, "file", "milk.csv");

        var response = await shop.Client.PostAsync($"{Base}/import", form);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await ProductsOfAsync(shop)).ShouldHaveSingleItem().Name.ShouldBe("Nandini Milk");
    }

    private static byte[] Utf8Bom(string text) => [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(text)];

    private static async Task<HttpResponseMessage> PostAsync(Shop shop, string path, byte[] content)
    {
        using var body = new ByteArrayContent(content);
        body.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        return await shop.Client.PostAsync($"{Base}/{path}", body);
    }
}
