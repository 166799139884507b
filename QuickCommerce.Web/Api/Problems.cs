using QuickCommerce.Core.Common;

namespace QuickCommerce.Web.Api;

/// <summary>The one place expected business failures become HTTP ProblemDetails.</summary>
public static class Problems
{
    /// <summary>Validation → 422 naming the field, NotFound → 404, Conflict → 409, Forbidden → 403.</summary>
    public static IResult ToProblem(this DomainError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return error.Kind switch
        {
            ErrorKind.Validation => TypedResults.Problem(new HttpValidationProblemDetails(
                new Dictionary<string, string[]> { [error.Code] = [error.Message] })
            {
                Title = error.Message,
                Status = StatusCodes.Status422UnprocessableEntity,
            }),
            ErrorKind.NotFound => TypedResults.Problem(title: error.Message, statusCode: StatusCodes.Status404NotFound, type: error.Code),
            ErrorKind.Conflict => TypedResults.Problem(title: error.Message, statusCode: StatusCodes.Status409Conflict, type: error.Code),
            ErrorKind.Forbidden => TypedResults.Problem(title: error.Message, statusCode: StatusCodes.Status403Forbidden, type: error.Code),
            _ => throw new ArgumentOutOfRangeException(nameof(error), error.Kind, "Unknown error kind."),
        };
    }

    /// <summary>204 on success, else the problem.</summary>
    public static IResult ToHttpResult(this Result result) =>
        result.IsSuccess ? TypedResults.NoContent() : result.Error!.ToProblem();
}
