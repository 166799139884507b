namespace QuickCommerce.Infrastructure.Storage;

/// <summary>The image bucket could not be written (unreachable, refusing, timing out). Nothing of the photo was left in it.</summary>
public sealed class ImageStorageException : Exception
{
    public ImageStorageException()
    {
    }

    public ImageStorageException(string message)
        : base(message)
    {
    }

    public ImageStorageException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
