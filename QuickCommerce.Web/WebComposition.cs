using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Unicode;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.ResponseCompression;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using MudBlazor.Services;
using QuickCommerce.Infrastructure;
using QuickCommerce.Infrastructure.Jobs;
using QuickCommerce.Infrastructure.Persistence;
using QuickCommerce.Infrastructure.Persistence.Seed;
using QuickCommerce.Web.Api;
using QuickCommerce.Web.Features.Accounts;
using QuickCommerce.Web.Features.Admin;
using QuickCommerce.Web.Features.Cart;
using QuickCommerce.Web.Features.Checkout;
using QuickCommerce.Web.Features.Merchant;
using QuickCommerce.Web.Features.Orders;
using QuickCommerce.Web.Security;
using Serilog;

namespace QuickCommerce.Web;

/// <summary>The web layer's composition: services, middleware and start-up steps, in one place.</summary>
public static class WebComposition
{
    /// <summary>Command-line flag (and configuration key Demo:Seed) that seeds the demo city at start-up.</summary>
    public const string SeedDemoFlag = "--seed-demo";

    /// <summary>Command-line flag for a deployment's migration step: migrate, then exit.</summary>
    public const string MigrateOnlyFlag = "--migrate-only";

    public static IServiceCollection AddWebFeatures(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddAccounts(configuration);
        services.AddScoped<AccountLookup>();
        services.AddScoped<AccountRegistration>();
        services.AddScoped<SignUpFlow>();
        services.AddScoped<AccountModeration>();
        services.AddScoped<SavedAddresses>();
        services.AddScoped<OrderPlacement>();
        services.AddScoped<CustomerOrders>();
        services.AddScoped<IdempotentCheckout>();
        services.AddScoped<CartSummaries>();
        services.AddScoped<MerchantOrders>();
        services.AddScoped<MerchantToday>();
        services.AddScoped<Features.StoreSettings.StoreSettingsEditor>();
        services.AddScoped<QuickCommerce.Web.Features.Images.MerchantImages>();
        services.AddScoped<OrderMoves>();
        services.AddOptions<MerchantAlertOptions>().BindConfiguration(MerchantAlertOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddScoped<QuickCommerce.Web.Features.Notifications.Inbox>();
        services.AddScoped<IJobHandler, OrderPlacedHandler>();
        services.AddScoped<IJobHandler, OrderStatusChangedHandler>();
        services.AddScoped<OrderChanges>();
        services.AddScoped<IJobHandler, OrderChangesTimeoutHandler>();
        services.AddOptions<OrderChangesOptions>().BindConfiguration(OrderChangesOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddScoped<Features.Inventory.MerchantInventory>();
        services.AddScoped<Features.Inventory.InventorySheet>();
        services.AddScoped<IJobHandler, Features.Inventory.LowStockHandler>();
        services.AddScoped<IJobHandler, OrderEscalationHandler>();
        services.AddScoped<IJobHandler, OrderAutoRejectHandler>();
        services.AddScoped<RiderAssignment>();
        services.AddScoped<ShopRiders>();
        services.AddScoped<IJobHandler, RiderNoticeHandler>();
        services.AddOptions<RiderAssignmentOptions>().BindConfiguration(RiderAssignmentOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddScoped<AuthenticationStateProvider, AccountAuthenticationState>();
        services.AddOptions<AuthThrottleOptions>().BindConfiguration("RateLimits:Auth").ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<AuthThrottle>();
        services.AddRazorComponents()
            .AddInteractiveServerComponents();
        services.AddMudServices();

        // Emit ₹ and Devanagari as UTF-8 text, not &#x...; entities: a Hindi product name would
        // otherwise triple in size on a page that must stay under 60 KB.
        services.AddSingleton(HtmlEncoder.Create(UnicodeRanges.All));
        services.AddProblemDetails();
        services.AddAntiforgery();
        services.AddResponseCompression(options =>
        {
            // Customer pages are served to phones on 2G/3G: compress HTML and JSON over HTTPS too.
            options.EnableForHttps = true;
            options.Providers.Add<BrotliCompressionProvider>();
            options.Providers.Add<GzipCompressionProvider>();
            options.MimeTypes = ResponseCompressionDefaults.MimeTypes.Concat(["application/problem+json"]);
        });
        services.ConfigureHttpJsonOptions(options =>
        {
            options.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;

            // Statuses travel by name ("Approved"), as they are stored and as people read them.
            options.SerializerOptions.Converters.Add(new JsonStringEnumConverter());
        });
        return services;
    }

    /// <summary>
    /// Applies migrations and reference data (unless Database:MigrateOnStartup is false, as in a
    /// deployment with its own migration step) and seeds the demo city when asked.
    /// Returns false when the process should exit now (<see cref="MigrateOnlyFlag"/>).
    /// </summary>
    public static async Task<bool> PrepareDatabaseAsync(this WebApplication app, string[] args)
    {
        ArgumentNullException.ThrowIfNull(app);
        var migrateOnly = args.Contains(MigrateOnlyFlag);
        var migrate = migrateOnly || app.Configuration.GetValue("Database:MigrateOnStartup", true);
        var seed = args.Contains(SeedDemoFlag) || app.Configuration.GetValue("Demo:Seed", false);
        if (!migrate && !seed)
        {
            return true;
        }

        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DatabaseMigrator>().MigrateAsync(app.Lifetime.ApplicationStopping);
        if (seed)
        {
            await scope.ServiceProvider.GetRequiredService<DemoCitySeeder>().SeedAsync(app.Lifetime.ApplicationStopping);
        }

        return !migrateOnly;
    }

    public static WebApplication UseWebDefaults(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseSecurityHeaders();
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/error", createScopeForErrors: true);
            app.UseHsts();
            app.UseHttpsRedirection();
        }
        else
        {
            app.UseExceptionHandler();
        }

        app.UseClientAbortedRequests();
        app.UseStatusCodePages();
        app.UseResponseCompression();
        app.UseSerilogRequestLogging();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();
        return app;
    }

    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder endpoints)
    {
        // Live: the process answers. Ready: PostgreSQL, Redis and object storage answer too.
        endpoints.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteHealthAsync });
        endpoints.MapHealthChecks("/health/ready", new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(DependencyInjection.ReadyTag),
            ResponseWriter = WriteHealthAsync,
        });
        return endpoints;
    }

    private static Task WriteHealthAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsJsonAsync(new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString(), description = e.Value.Description }),
        });
    }
}
