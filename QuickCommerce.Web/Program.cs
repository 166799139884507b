using QuickCommerce.Infrastructure;
using QuickCommerce.Infrastructure.Realtime;
using QuickCommerce.Web;
using QuickCommerce.Web.Components;
using QuickCommerce.Web.Features.Accounts;
using QuickCommerce.Web.Features.Admin;
using QuickCommerce.Web.Features.Catalog;
using QuickCommerce.Web.Features.Cart;
using QuickCommerce.Web.Features.Checkout;
using QuickCommerce.Web.Features.Images;
using QuickCommerce.Web.Features.Inventory;
using QuickCommerce.Web.Features.Merchant;
using QuickCommerce.Web.Features.Notifications;
using QuickCommerce.Web.Features.Operations;
using QuickCommerce.Web.Features.Orders;
using QuickCommerce.Web.Features.Stores;
using QuickCommerce.Web.Features.StoreSettings;
using Serilog;

var builder = WebApplication.CreateBuilder(args);

builder.Services.AddSerilog((services, logging) => logging
    .ReadFrom.Configuration(builder.Configuration)
    .ReadFrom.Services(services)
    .Enrich.FromLogContext()
    .WriteTo.Console(formatProvider: System.Globalization.CultureInfo.InvariantCulture));
builder.Services.AddInfrastructure(builder.Configuration);
builder.Services.AddWebFeatures(builder.Configuration);

var app = builder.Build();

if (!await app.PrepareDatabaseAsync(args))
{
    return;
}

app.UseWebDefaults();
app.MapHealthEndpoints();
app.MapStoresEndpoints();
app.MapSearchEndpoints();
app.MapAuthEndpoints();
app.MapAccountEndpoints();
app.MapAddressesEndpoints();
app.MapCartEndpoints();
app.MapCheckoutEndpoints();
app.MapOrdersEndpoints();
app.MapMerchantOrdersEndpoints();
app.MapOrderChangesEndpoints();
app.MapMerchantTodayEndpoints();
app.MapInventoryEndpoints();
app.MapStoreSettingsEndpoints();
app.MapRiderAssignmentEndpoints();
app.MapAdminAccountsEndpoints();
app.MapJobsEndpoints();
app.MapPushEndpoints();
app.MapInboxEndpoints();
app.MapImagesEndpoints();
app.MapHub<LiveHub>("/hubs/live");
app.MapStaticAssets();
app.MapRazorComponents<App>()
    .AddInteractiveServerRenderMode();

await app.RunAsync();

/// <summary>Visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
