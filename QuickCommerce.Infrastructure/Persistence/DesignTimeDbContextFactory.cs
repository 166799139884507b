using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace QuickCommerce.Infrastructure.Persistence;

/// <summary>Lets `dotnet ef` build the model without starting the web app.</summary>
internal sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<QuickCommerceDbContext>
{
    public QuickCommerceDbContext CreateDbContext(string[] args)
    {
        var connectionString = Environment.GetEnvironmentVariable("ConnectionStrings__Postgres")
            ?? "Host=127.0.0.1;Port=55432;Database=quickcommerce;Username=quickcommerce;Password=quickcommerce";
        var options = new DbContextOptionsBuilder<QuickCommerceDbContext>();
        DependencyInjection.ConfigureDbContext(options, connectionString);
        return new QuickCommerceDbContext(options.Options);
    }
}
