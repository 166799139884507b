namespace QuickCommerce.Core.Catalog;

/// <summary>A shelf of the shop ("Atta &amp; Flours", "Dairy &amp; Eggs"), shared by every store.</summary>
public sealed class Category
{
    private Category()
    {
        Name = string.Empty;
        Slug = string.Empty;
    }

    public Category(int id, string name, string slug, int sortOrder)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(slug);
        Id = id;
        Name = name;
        Slug = slug;
        SortOrder = sortOrder;
    }

    public int Id { get; private set; }

    public string Name { get; private set; }

    public string Slug { get; private set; }

    public int SortOrder { get; private set; }
}
