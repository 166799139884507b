using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using QuickCommerce.Core.Catalog;

namespace QuickCommerce.Web.Tests.Merchant;

/// <summary>
/// The stock ledger of products an order's changes touch, read through the merchant's ledger API:
/// every unit given back or taken for a substitute is an entry with the order, the merchant and the
/// stock it left, and the entries add up to the shelf. Seeded products start without entries.
/// </summary>
public sealed class OrderChangesLedgerTests : OrderChangesTest
{
    [Fact]
    public async Task A_reduced_line_is_a_returned_entry_and_a_substitute_a_sale_and_both_add_up_to_the_shelf()
    {
        var id = await PlaceAsync("proceed", (Atta, 1), (Bread, 3));
        var lines = await LineIdsAsync(id);

        using var response = await ProposeAsync(id, new
        {
            lines = new[] { new { lineId = lines[Bread.Id], qty = 1 } },
            substitutes = new[] { new { lineId = lines[Atta.Id], productId = ChakkiAtta.Id, qty = 2 } },
            note = "No Aashirvaad today.",
        });

        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var bread = await LedgerAsync(Bread);
        bread.Select(e => (e.Reason, e.Delta, e.StockAfter)).ShouldBe([("Returned", 2, 99), ("Sale", -3, 97)]);
        var chakki = await LedgerAsync(ChakkiAtta);
        chakki.Select(e => (e.Reason, e.Delta, e.StockAfter)).ShouldBe([("Sale", -2, 98)]);
        var atta = await LedgerAsync(Atta);
        atta.Select(e => (e.Reason, e.Delta, e.StockAfter)).ShouldBe([("Returned", 1, 100), ("Sale", -1, 99)]);

        var changeEntries = new[] { bread[0], chakki[0], atta[0] };
        changeEntries.ShouldAllBe(e => e.OrderId == id && e.ActorId == Store.OwnerId && e.Note == "No Aashirvaad today.");
        await ShouldAddUpAsync(Bread, bread);
        await ShouldAddUpAsync(ChakkiAtta, chakki);
        await ShouldAddUpAsync(Atta, atta);
    }

    [Fact]
    public async Task A_product_both_reduced_and_offered_as_a_substitute_has_an_entry_for_each()
    {
        var id = await PlaceAsync("proceed", (Milk, 2), (Atta, 3));
        var lines = await LineIdsAsync(id);

        using var response = await ProposeAsync(id, new
        {
            lines = new[] { new { lineId = lines[Atta.Id], qty = 1 } },
            substitutes = new[] { new { lineId = lines[Milk.Id], productId = Atta.Id, qty = 2 } },
        });

        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var atta = await LedgerAsync(Atta);
        atta.Select(e => (e.Reason, e.Delta, e.StockAfter)).ShouldBe([("Sale", -2, 97), ("Returned", 2, 99), ("Sale", -3, 97)]);
        await ShouldAddUpAsync(Atta, atta);
        (await LedgerAsync(Milk)).Select(e => (e.Reason, e.Delta, e.StockAfter)).ShouldBe([("Returned", 2, 100), ("Sale", -2, 98)]);
    }

    [Fact]
    public async Task Declining_after_changes_returns_what_the_order_holds_and_the_ledger_still_adds_up()
    {
        var id = await PlaceAsync("proceed", (Atta, 1), (Bread, 3));
        var lines = await LineIdsAsync(id);
        using var proposed = await ProposeAsync(id, new
        {
            lines = new[] { new { lineId = lines[Bread.Id], qty = 1 } },
            substitutes = new[] { new { lineId = lines[Atta.Id], productId = ChakkiAtta.Id, qty = 2 } },
        });
        proposed.StatusCode.ShouldBe(HttpStatusCode.OK, await proposed.Content.ReadAsStringAsync());

        using var declined = await Customer.PostAsync($"/api/v1/orders/{id}/changes/decline", null);

        declined.StatusCode.ShouldBe(HttpStatusCode.OK, await declined.Content.ReadAsStringAsync());
        foreach (var product in new[] { Atta, Bread, ChakkiAtta })
        {
            (await StockAsync(product)).ShouldBe(100);
            await ShouldAddUpAsync(product, await LedgerAsync(product));
        }

        (await LedgerAsync(ChakkiAtta)).Select(e => (e.Reason, e.Delta, e.StockAfter)).ShouldBe([("Returned", 2, 100), ("Sale", -2, 98)]);
    }

    [Fact]
    public async Task A_substitute_short_of_stock_writes_no_entry_for_any_product_of_the_changes()
    {
        var id = await PlaceAsync("proceed", (Milk, 3), (Bread, 1));
        var lines = await LineIdsAsync(id);

        using var response = await ProposeAsync(id, new
        {
            lines = new[] { new { lineId = lines[Bread.Id], qty = 0 } },
            substitutes = new[] { new { lineId = lines[Milk.Id], productId = NandiniMilk.Id, qty = 3 } },
        });

        response.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await LedgerAsync(Bread)).Select(e => (e.Reason, e.Delta, e.StockAfter)).ShouldBe([("Sale", -1, 99)]);
        (await LedgerAsync(Milk)).Select(e => (e.Reason, e.Delta, e.StockAfter)).ShouldBe([("Sale", -3, 97)]);
        (await LedgerAsync(NandiniMilk)).ShouldBeEmpty();
        await ShouldAddUpAsync(Bread, await LedgerAsync(Bread));
        await ShouldAddUpAsync(NandiniMilk, []);
    }

    /// <summary>The product's ledger as the merchant reads it, newest first.</summary>
    private async Task<LedgerRow[]> LedgerAsync(Product product) =>
        (await Shop.GetFromJsonAsync<LedgerRow[]>($"/api/v1/merchant/inventory/products/{product.Id}/ledger", JsonSerializerOptions.Web))!;

    /// <summary>
    /// The seeded stock plus every delta is the shelf now, and each entry's stock is the one before
    /// it moved by its delta: the ledger and the stock agree.
    /// </summary>
    private async Task ShouldAddUpAsync(Product product, LedgerRow[] newestFirst)
    {
        var stock = product.Stock;
        foreach (var entry in newestFirst.Reverse())
        {
            stock += entry.Delta;
            entry.StockAfter.ShouldBe(stock, $"{product.Name} entry {entry.Id}");
        }

        (await StockAsync(product)).ShouldBe(stock, $"{product.Name}: the shelf is what the ledger says");
    }

    private sealed record LedgerRow(long Id, int Delta, string Reason, int StockAfter, Guid? ActorId, Guid? OrderId, string? Note);
}
