namespace QuickCommerce.Core.Common;

/// <summary>What kind of expected business failure happened; the web layer maps each to one HTTP status.</summary>
public enum ErrorKind
{
    /// <summary>The input is malformed or breaks a rule about its own shape (400/422).</summary>
    Validation,
    /// <summary>The thing asked for does not exist or is not visible to the caller (404).</summary>
    NotFound,
    /// <summary>The request collides with the current state (409).</summary>
    Conflict,
    /// <summary>The caller may not do this (403).</summary>
    Forbidden,
}

/// <summary>An expected failure with a message a person understands.</summary>
public sealed record DomainError(ErrorKind Kind, string Code, string Message)
{
    public static DomainError Validation(string code, string message) => new(ErrorKind.Validation, code, message);
    public static DomainError NotFound(string code, string message) => new(ErrorKind.NotFound, code, message);
    public static DomainError Conflict(string code, string message) => new(ErrorKind.Conflict, code, message);
    public static DomainError Forbidden(string code, string message) => new(ErrorKind.Forbidden, code, message);
}

/// <summary>The outcome of an operation that can fail in an expected way. Exceptions are for bugs only.</summary>
public readonly record struct Result
{
    private Result(DomainError? error) => Error = error;

    public DomainError? Error { get; }

    public bool IsSuccess => Error is null;

    public static Result Success() => new(null);

    public static Result Failure(DomainError error) => new(error);

    public static implicit operator Result(DomainError error) => Failure(error);
}

/// <summary>The outcome of an operation that yields a value or fails in an expected way.</summary>
public readonly record struct Result<T>
{
    private Result(T? value, DomainError? error)
    {
        Value = value;
        Error = error;
    }

    public T? Value { get; }

    public DomainError? Error { get; }

    public bool IsSuccess => Error is null;

    public static Result<T> Success(T value) => new(value, null);

    public static Result<T> Failure(DomainError error) => new(default, error);

    public static implicit operator Result<T>(T value) => Success(value);

    public static implicit operator Result<T>(DomainError error) => Failure(error);
}
