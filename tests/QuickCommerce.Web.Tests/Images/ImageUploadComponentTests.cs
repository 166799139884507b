using System.Text;
using Bunit;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using QuickCommerce.Infrastructure.Identity;
using QuickCommerce.Core.Catalog;
using QuickCommerce.Infrastructure.Caching;
using QuickCommerce.Infrastructure.Storage;
using QuickCommerce.TestSupport;
using QuickCommerce.Web.Features.Images;
using QuickCommerce.Web.Tests.Components;

namespace QuickCommerce.Web.Tests.Images;

/// <summary>The editor's photo control, on the real database and S3 server, as on a merchant's circuit.</summary>
public sealed class ImageUploadComponentTests : DatabaseComponentTest
{
    private readonly Guid _merchantId = Guid.NewGuid();
    private Product _product = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await EnsureBucketAsync();

        var store = DemoShop.Store("Sri Balaji Kirana");
        _product = DemoShop.Product(store, "Aashirvaad Atta", pricePaise: 4500, mrpPaise: 4500, stock: 10);
        await using (var db = Database.NewContext())
        {
            db.Stores.Add(store);
            db.Products.Add(_product);
            await db.SaveChangesAsync();
            await db.Stores.Where(s => s.Id == store.Id).ExecuteUpdateAsync(set => set.SetProperty(s => s.OwnerId, _merchantId));
        }

        AddDatabase();
        AddFromInfrastructure<ImageStore>();
        AddFromInfrastructure<CatalogueCache>();
        AddFromInfrastructure<IOptions<ImageOptions>>();
        Services.AddScoped<MerchantImages>();
        SignInAs(_merchantId, Roles.Merchant);
    }

    [Fact]
    public void The_current_photo_shows_as_its_small_thumbnail()
    {
        var key = ImageKeys.For(ImageOwner.Product, _product.Id, "0123456789abcdef0123456789abcdef");

        var editor = Render<ImageUpload>(p => p.Add(x => x.ProductId, _product.Id).Add(x => x.ImageKey, key).Add(x => x.Label, "Aashirvaad Atta"));

        editor.Find("[data-testid=image-thumb]").GetAttribute("src").ShouldBe($"/images/products/{_product.Id:N}/0123456789abcdef0123456789abcdef-s.jpg");
        editor.Find("[data-testid=image-thumb]").GetAttribute("alt").ShouldBe("Aashirvaad Atta");
        editor.Find("[data-testid=image-choose]").TextContent.Trim().ShouldBe("Change photo");
        editor.FindAll("[data-testid=image-none]").ShouldBeEmpty();
    }

    [Fact]
    public void Without_a_photo_it_offers_to_add_one()
    {
        var editor = Render<ImageUpload>(p => p.Add(x => x.ProductId, _product.Id));

        editor.FindAll("[data-testid=image-thumb]").ShouldBeEmpty();
        editor.FindAll("[data-testid=image-none]").Count.ShouldBe(1);
        editor.Find("[data-testid=image-choose]").TextContent.Trim().ShouldBe("Add photo");
        editor.FindAll("[data-testid=image-remove]").ShouldBeEmpty();
    }

    [Fact]
    public async Task Choosing_a_photo_stores_it_shows_it_and_tells_the_editor()
    {
        string? reported = "not called";
        var editor = Render<ImageUpload>(p => p
            .Add(x => x.ProductId, _product.Id)
            .Add(x => x.ImageKeyChanged, key => reported = key));

        editor.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromBinary(TestPhotos.Png(900, 600), "atta.png", contentType: "image/png"));

        editor.WaitForAssertion(() => editor.FindAll("[data-testid=image-thumb]").Count.ShouldBe(1), Patience);
        var saved = await ImageKeyAsync();
        saved.ShouldNotBeNull();
        reported.ShouldBe(saved);
        editor.Find("[data-testid=image-thumb]").GetAttribute("src").ShouldBe(ImageLinks.SmallOf(saved));

        editor.Find("[data-testid=image-remove]").Click();

        editor.WaitForAssertion(() => editor.FindAll("[data-testid=image-none]").Count.ShouldBe(1), Patience);
        reported.ShouldBeNull();
        (await ImageKeyAsync()).ShouldBeNull();
    }

    [Fact]
    public async Task A_file_that_is_not_a_photo_shows_why_and_changes_nothing()
    {
        var editor = Render<ImageUpload>(p => p.Add(x => x.ProductId, _product.Id));

        editor.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromBinary(Encoding.UTF8.GetBytes("just text"), "atta.jpg", contentType: "image/jpeg"));

        editor.WaitForAssertion(() => editor.Find("[data-testid=image-error]").TextContent.ShouldContain(ImagePipeline.UnreadableMessage), Patience);
        editor.FindAll("[data-testid=image-thumb]").ShouldBeEmpty();
        (await ImageKeyAsync()).ShouldBeNull();
    }

    private async Task<string?> ImageKeyAsync()
    {
        await using var db = Database.NewContext();
        return await db.Products.Where(p => p.Id == _product.Id).Select(p => p.ImageKey).SingleAsync();
    }
}
