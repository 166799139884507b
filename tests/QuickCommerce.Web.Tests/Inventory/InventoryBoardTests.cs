using AngleSharp.Dom;
using Bunit;
using Bunit.Rendering;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MudBlazor;
using QuickCommerce.Core.Catalog;
using QuickCommerce.Core.Common;
using QuickCommerce.Core.Jobs;
using QuickCommerce.Core.Stores;
using QuickCommerce.Infrastructure.Caching;
using QuickCommerce.Infrastructure.Identity;
using QuickCommerce.Infrastructure.Jobs;
using QuickCommerce.Infrastructure.Storage;
using QuickCommerce.TestSupport;
using QuickCommerce.Web.Features.Images;
using QuickCommerce.Web.Features.Inventory;
using QuickCommerce.Web.Tests.Components;

namespace QuickCommerce.Web.Tests.Inventory;

/// <summary>
/// The inventory board as a merchant uses it on a circuit, on the real database: the list with its
/// low-stock highlight, in-row price and stock edits, the active switch, the product dialog's
/// conflict and photo, the ledger and the two-step import.
/// </summary>
public sealed class InventoryBoardTests : DatabaseComponentTest
{
    private Guid _merchantId;
    private Guid _storeId;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _merchantId = await NewAccountAsync(Roles.Merchant);
        var store = new Store(Guid.NewGuid(), _merchantId, "Sharma Kirana", "12, 100 Feet Road", "Indiranagar", "560038", "+918041234567",
            DemoShop.Indiranagar, 4000, OpeningHours.AllDay(), Money.Zero, Money.Zero, DateTimeOffset.UnixEpoch);
        store.Approve();
        _storeId = store.Id;
        await using (var db = Database.NewContext())
        {
            db.Stores.Add(store);
            await db.SaveChangesAsync();
        }

        AddDatabase();
        Services.AddScoped<IJobQueue, JobQueue>();
        AddFromInfrastructure<CatalogueCache>();
        Services.AddScoped<MerchantInventory>();
        Services.AddScoped<InventorySheet>();

        // The details dialog carries the photo control, which stores a chosen photo as the signed-in merchant.
        AddFromInfrastructure<ImageStore>();
        AddFromInfrastructure<IOptions<ImageOptions>>();
        Services.AddScoped<MerchantImages>();
        SignInAs(_merchantId, Roles.Merchant);
        await EnsureBucketAsync();
    }

    [Fact]
    public async Task Low_stock_rows_are_highlighted_with_a_chip_and_the_search_narrows_the_list()
    {
        await ProductAsync("Aashirvaad Atta", stock: 20);
        await ProductAsync("Tata Salt", stock: 2, unit: "1 kg");
        var board = RenderBoard();

        board.WaitForAssertion(() => Rows(board).Count.ShouldBe(2), Patience);
        Row(board, "Tata Salt").ClassList.ShouldContain("low-stock");
        Row(board, "Tata Salt").QuerySelector("[data-testid=low-stock-chip]")!.TextContent.ShouldContain("Low stock");
        Row(board, "Aashirvaad Atta").ClassList.ShouldNotContain("low-stock");
        Row(board, "Aashirvaad Atta").QuerySelector("[data-testid=low-stock-chip]").ShouldBeNull();
        board.Find("[data-testid=count]").TextContent.ShouldBe("1–2 of 2");

        Input(board, "search").Input("salt");

        board.WaitForAssertion(() => Rows(board).Single().TextContent.ShouldContain("Tata Salt"), Patience);
    }

    [Fact]
    public async Task A_stock_count_typed_in_the_row_is_saved_as_a_delta_with_the_chosen_reason()
    {
        var atta = await ProductAsync("Aashirvaad Atta", stock: 10);
        var board = RenderBoard();
        board.WaitForAssertion(() => Rows(board).Count.ShouldBe(1), Patience);

        // A sale lands while the merchant counts: the typed count is relative to what they saw (10).
        Row(board, "Aashirvaad Atta").QuerySelector("[data-testid=edit-row]")!.Click();
        board.WaitForAssertion(() => Input(board, "edit-stock"), Patience);
        await SellAsync(atta.Id, 1);
        Input(board, "edit-stock").Change("7");
        board.FindAll("[data-testid=edit-reason] .mud-toggle-item").Single(e => e.TextContent.Contains("Damaged", StringComparison.Ordinal)).Click();
        board.Find("[data-testid=save-row]").Click();

        await board.WaitForAssertionAsync(async () =>
        {
            await using var db = Database.NewContext();
            var entry = await db.StockMovements.AsNoTracking().Where(m => m.ProductId == atta.Id).SingleAsync();
            (entry.Delta, entry.Reason, entry.StockAfter, entry.ActorId).ShouldBe((-3, StockChangeReason.Damaged, 6, (Guid?)_merchantId));
        }, Patience);
        board.WaitForAssertion(() => Row(board, "Aashirvaad Atta").QuerySelector("[data-testid=stock]")!.TextContent.ShouldBe("6"), Patience);
    }

    [Fact]
    public async Task A_price_above_the_mrp_typed_in_the_row_is_refused_with_the_reason_and_nothing_changes()
    {
        var atta = await ProductAsync("Aashirvaad Atta", stock: 10, pricePaise: 4500, mrpPaise: 5000);
        var board = RenderBoard();
        board.WaitForAssertion(() => Rows(board).Count.ShouldBe(1), Patience);

        Row(board, "Aashirvaad Atta").QuerySelector("[data-testid=edit-row]")!.Click();
        board.WaitForAssertion(() => Input(board, "edit-price"), Patience);
        Input(board, "edit-price").Change("55");
        board.Find("[data-testid=save-row]").Click();

        board.WaitForAssertion(() => board.Find(".mud-snackbar").TextContent.ShouldContain("may not be above the MRP (₹50)"), Patience);
        var stored = await StoredAsync(atta.Id);
        (stored.PricePaise, stored.Version).ShouldBe((4500L, 1));
    }

    [Fact]
    public async Task The_active_switch_hides_a_product_from_customers()
    {
        var atta = await ProductAsync("Aashirvaad Atta", stock: 10);
        var board = RenderBoard();
        board.WaitForAssertion(() => Rows(board).Count.ShouldBe(1), Patience);

        Row(board, "Aashirvaad Atta").QuerySelector("input[type=checkbox]")!.Change(false);

        await board.WaitForAssertionAsync(async () => (await StoredAsync(atta.Id)).IsActive.ShouldBeFalse(), Patience);
        board.WaitForAssertion(() => Row(board, "Aashirvaad Atta").ClassList.ShouldContain("inactive"), Patience);
    }

    [Fact]
    public async Task Saving_details_someone_else_changed_shows_their_values_and_lets_the_merchant_save_over_them()
    {
        var atta = await ProductAsync("Aashirvaad Atta", stock: 10, pricePaise: 4500, mrpPaise: 5000);
        var board = RenderBoard();
        board.WaitForAssertion(() => Rows(board).Count.ShouldBe(1), Patience);
        Row(board, "Aashirvaad Atta").QuerySelector("[data-testid=edit-details]")!.Click();
        board.WaitForAssertion(() => Input(board, "name"), Patience);

        // The owner's phone changes the price while the tablet's dialog is open.
        await EditPriceElsewhereAsync(atta.Id, 4700);
        Input(board, "name").Change("Aashirvaad Shudh Chakki Atta");
        board.Find("[data-testid=save]").Click();

        board.WaitForAssertion(() => board.Find("[data-testid=conflict]").TextContent.ShouldContain("₹47"), Patience);
        (await StoredAsync(atta.Id)).Name.ShouldBe("Aashirvaad Atta");

        board.Find("[data-testid=keep-mine]").Click();

        await board.WaitForAssertionAsync(async () =>
        {
            var stored = await StoredAsync(atta.Id);
            (stored.Name, stored.PricePaise, stored.Version).ShouldBe(("Aashirvaad Shudh Chakki Atta", 4500L, 3));
        }, Patience);
    }

    [Fact]
    public async Task A_photo_chosen_in_the_details_shows_in_the_list_even_when_the_dialog_is_cancelled()
    {
        var atta = await ProductAsync("Aashirvaad Atta", stock: 10);
        var board = RenderBoard();
        board.WaitForAssertion(() => Rows(board).Count.ShouldBe(1), Patience);
        Row(board, "Aashirvaad Atta").QuerySelector("[data-testid=product-thumb]").ShouldBeNull();
        Row(board, "Aashirvaad Atta").QuerySelector("[data-testid=edit-details]")!.Click();
        board.WaitForAssertion(() => board.Find("[data-testid=image-slot] [data-testid=image-none]"), Patience);

        board.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromBinary(TestPhotos.Png(600, 400), "atta.png", contentType: "image/png"));
        board.WaitForAssertion(() => board.Find("[data-testid=image-slot] [data-testid=image-thumb]"), Patience);
        board.FindAll(".mud-dialog button").Single(b => b.TextContent.Trim() == "Cancel").Click();

        var key = (await StoredAsync(atta.Id)).ImageKey;
        key.ShouldNotBeNull();
        board.WaitForAssertion(() => board.FindAll(".mud-dialog").ShouldBeEmpty(), Patience);
        board.WaitForAssertion(
            () => Row(board, "Aashirvaad Atta").QuerySelector("[data-testid=product-thumb]")?.GetAttribute("src").ShouldBe(ImageLinks.SmallOf(key)),
            Patience);
    }

    [Fact]
    public async Task A_file_that_is_not_a_photo_is_refused_in_the_details_with_the_reason_and_the_list_keeps_no_photo()
    {
        var atta = await ProductAsync("Aashirvaad Atta", stock: 10);
        var board = RenderBoard();
        board.WaitForAssertion(() => Rows(board).Count.ShouldBe(1), Patience);
        Row(board, "Aashirvaad Atta").QuerySelector("[data-testid=edit-details]")!.Click();
        board.WaitForAssertion(() => board.Find("[data-testid=image-slot] [data-testid=image-none]"), Patience);

        board.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText("name,price\nAtta,45\n", "atta.png"));

        board.WaitForAssertion(() => board.Find("[data-testid=image-error]").TextContent.ShouldContain(ImagePipeline.UnreadableMessage), Patience);
        (await StoredAsync(atta.Id)).ImageKey.ShouldBeNull();
    }

    [Fact]
    public void A_new_product_is_asked_to_be_saved_before_it_gets_a_photo()
    {
        var board = RenderBoard();
        board.WaitForAssertion(() => board.Find("[data-testid=no-products]"), Patience);

        board.Find("[data-testid=add-product] button, button[data-testid=add-product]").Click();

        board.WaitForAssertion(
            () => board.Find("[data-testid=image-slot]").TextContent.Trim().ShouldBe("Save the product first, then add its photo."),
            Patience);
        board.FindAll("[data-testid=image-upload]").ShouldBeEmpty();
    }

    [Fact]
    public async Task The_ledger_dialog_shows_the_newest_change_first()
    {
        var atta = await ProductAsync("Aashirvaad Atta", stock: 10);
        await using (var scope = Services.CreateAsyncScope())
        {
            var inventory = scope.ServiceProvider.GetRequiredService<MerchantInventory>();
            (await inventory.AdjustAsync(_merchantId, atta.Id, 12, StockChangeReason.Received, "Supplier bill 7", CancellationToken.None)).IsSuccess.ShouldBeTrue();
            (await inventory.AdjustAsync(_merchantId, atta.Id, -2, StockChangeReason.Damaged, null, CancellationToken.None)).IsSuccess.ShouldBeTrue();
        }

        var board = RenderBoard();
        board.WaitForAssertion(() => Rows(board).Count.ShouldBe(1), Patience);
        Row(board, "Aashirvaad Atta").QuerySelector("[data-testid=ledger]")!.Click();

        board.WaitForAssertion(() => board.FindAll("[data-testid=ledger-entry]").Count.ShouldBe(2), Patience);
        board.FindAll("[data-testid=ledger-entry]")[0].TextContent.ShouldContain("Damaged");
        board.FindAll("[data-testid=ledger-entry]")[0].TextContent.ShouldContain("−2");
        board.FindAll("[data-testid=ledger-entry]")[1].TextContent.ShouldContain("Supplier bill 7");
    }

    [Fact]
    public async Task The_import_dialog_lists_row_errors_and_enables_import_only_for_a_clean_file()
    {
        var board = RenderBoard();
        board.WaitForAssertion(() => board.Find("[data-testid=no-products]"), Patience);
        board.Find("[data-testid=import] button, button[data-testid=import]").Click();
        board.WaitForAssertion(() => board.FindComponent<InputFile>(), Patience);

        const string Header = "name,hindi_name,brand,unit,price,mrp,stock,category,barcode\n";
        board.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText(
            Header + "Tata Salt,नमक,Tata,1 kg,30,28,5,sugar-salt-jaggery,\nMaggi,,Nestle,70 g,14,14,x,instant-food,\n", "bad.csv"));

        board.WaitForAssertion(() => board.FindAll("[data-testid=preview-error]").Count.ShouldBe(2), Patience);
        board.FindAll("[data-testid=preview-error]")[0].TextContent.ShouldContain("2");
        board.FindAll("[data-testid=preview-error]")[1].TextContent.ShouldContain("stock");
        ImportButton(board).HasAttribute("disabled").ShouldBeTrue();

        board.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText(
            Header + "Tata Salt,नमक,Tata,1 kg,28,28,5,sugar-salt-jaggery,\nMaggi,,Nestle,70 g,14,14,20,instant-food,\n", "good.csv"));

        board.WaitForAssertion(() => board.Find("[data-testid=preview-summary]").TextContent.ShouldContain("2 rows: 2 new"), Patience);
        ImportButton(board).HasAttribute("disabled").ShouldBeFalse();
        ImportButton(board).Click();

        board.WaitForAssertion(() => Rows(board).Count.ShouldBe(2), Patience);
        await using var db = Database.NewContext();
        (await db.Products.CountAsync(p => p.StoreId == _storeId)).ShouldBe(2);
    }

    private static IElement ImportButton(IRenderedComponent<ContainerFragment> board) =>
        board.Find("button[data-testid=import-button], [data-testid=import-button] button");

    private static List<IElement> Rows(IRenderedComponent<ContainerFragment> board) => [.. board.FindAll("tbody tr.mud-table-row")];

    private static IElement Row(IRenderedComponent<ContainerFragment> board, string name) =>
        Rows(board).Single(r => r.QuerySelector("[data-testid=product-name]")?.TextContent.Contains(name, StringComparison.Ordinal) == true);

    /// <summary>The input of a MudBlazor field, whether the test id sits on the input or on its wrapper.</summary>
    private static IElement Input(IRenderedComponent<ContainerFragment> board, string testId)
    {
        var element = board.Find($"[data-testid={testId}]");
        return element.TagName == "INPUT" ? element : element.QuerySelector("input")!;
    }

    private IRenderedComponent<ContainerFragment> RenderBoard() =>
        Render(builder =>
        {
            builder.OpenComponent<MudPopoverProvider>(0);
            builder.CloseComponent();
            builder.OpenComponent<MudDialogProvider>(1);
            builder.CloseComponent();
            builder.OpenComponent<MudSnackbarProvider>(2);
            builder.CloseComponent();
            builder.OpenComponent<InventoryBoard>(3);
            builder.AddAttribute(4, nameof(InventoryBoard.MerchantId), _merchantId);
            builder.CloseComponent();
        });

    private async Task<Product> ProductAsync(string name, int stock, long pricePaise = 4500, long mrpPaise = 5000, string unit = "5 kg") =>
        await ShelfProducts.AddAsync(Database, _storeId, name, pricePaise, mrpPaise, stock, unit: unit);

    private async Task<Product> StoredAsync(Guid productId)
    {
        await using var db = Database.NewContext();
        return await db.Products.AsNoTracking().SingleAsync(p => p.Id == productId);
    }

    /// <summary>A customer's order taking units off the shelf, as checkout does.</summary>
    private async Task SellAsync(Guid productId, int quantity)
    {
        await using var db = Database.NewContext();
        (await db.Products.Where(p => p.Id == productId && p.Stock >= quantity)
            .ExecuteUpdateAsync(set => set.SetProperty(p => p.Stock, p => p.Stock - quantity))).ShouldBe(1);
    }

    private async Task EditPriceElsewhereAsync(Guid productId, long pricePaise)
    {
        await using var scope = Services.CreateAsyncScope();
        var inventory = scope.ServiceProvider.GetRequiredService<MerchantInventory>();
        var item = (await inventory.FindAsync(_merchantId, productId, CancellationToken.None))!;
        var input = new ProductInput(item.Name, item.HindiName, item.Brand, item.Unit, pricePaise, item.MrpPaise, item.CategoryId, item.Barcode, item.LowStockThreshold);
        (await inventory.EditAsync(_merchantId, productId, input, item.Version, CancellationToken.None)).IsSuccess.ShouldBeTrue();
    }
}
