using Microsoft.Playwright;

namespace StreamSwarm.WebRtc.Tests.Interop;

/// <summary>
/// Page evaluations with a deadline. Playwright's <c>EvaluateAsync</c> has none: a JavaScript promise
/// that never settles (a message that never arrives, a channel that never opens) would hold the
/// test forever with the machine idle. Every evaluation in the interop tests goes through here and
/// fails with what it was waiting for.
/// </summary>
internal static class BoundedEvaluation
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    public static async Task<T> EvalAsync<T>(this IPage page, string what, string script, object? arg = null, TimeSpan? timeout = null)
    {
        var limit = timeout ?? DefaultTimeout;
        try
        {
            return await page.EvaluateAsync<T>(script, arg).WaitAsync(limit);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"Chromium did not finish '{what}' within {limit.TotalSeconds:F0} s");
        }
    }

    public static async Task EvalAsync(this IPage page, string what, string script, object? arg = null, TimeSpan? timeout = null)
    {
        var limit = timeout ?? DefaultTimeout;
        try
        {
            await page.EvaluateAsync(script, arg).WaitAsync(limit);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"Chromium did not finish '{what}' within {limit.TotalSeconds:F0} s");
        }
    }

    /// <summary>Closes the page, bounded (a wedged renderer must not hold the test).</summary>
    public static async Task CloseBoundedAsync(this IPage page)
    {
        try
        {
            await page.CloseAsync().WaitAsync(DefaultTimeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"Chromium did not close the page within {DefaultTimeout.TotalSeconds:F0} s");
        }
    }
}
