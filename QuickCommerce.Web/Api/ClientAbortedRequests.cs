namespace QuickCommerce.Web.Api;

/// <summary>
/// A phone on 2G that gives up on a request cancels it: that is a dropped connection, not a server
/// error. Answer 499 (nginx's "client closed request") quietly instead of letting the cancellation
/// reach the exception handler, which would log a stack trace per retry and slow the very storm of
/// retries it is part of. The work itself is already rolled back by its transaction.
/// </summary>
public static class ClientAbortedRequests
{
    public const int StatusClientClosedRequest = 499;

    public static IApplicationBuilder UseClientAbortedRequests(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            try
            {
                await next(context);
            }
            catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
            {
                if (!context.Response.HasStarted)
                {
                    context.Response.StatusCode = StatusClientClosedRequest;
                }
            }
        });
}
