using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.Extensions.Options;

namespace Hotline.Server.Access;

/// <summary>
/// Rate limits on sign-in (login, token, refresh, Elsa's identity login), with ASP.NET Core's rate limiter: per
/// client address (the <see cref="PolicyName"/> policy on the endpoints) and per account (tenant and user name, in
/// <see cref="AccountSignIn"/>, before the password is checked, so throttled attempts never count towards a lockout).
/// A refused attempt answers 429 problem details with <c>Retry-After</c>.
/// </summary>
public sealed class SignInLimits : IDisposable
{
    public const string PolicyName = "sign-in";

    private readonly PartitionedRateLimiter<string> perAccount;

    public SignInLimits(IOptions<AccessOptions> options)
    {
        var limits = options.Value.SignInLimits;
        perAccount = PartitionedRateLimiter.Create<string, string>(account =>
            RateLimitPartition.GetFixedWindowLimiter(account, _ => Window(limits.PerAccount, limits.Window)));
    }

    /// <summary>Takes one attempt for the account, or throws <see cref="SignInThrottledException"/> when its window is used up.</summary>
    public void TakeAccountAttempt(string tenantId, string userName)
    {
        using var lease = perAccount.AttemptAcquire($"{tenantId.Trim().ToLowerInvariant()}/{userName.Trim().ToLowerInvariant()}");
        if (!lease.IsAcquired)
            throw new SignInThrottledException(lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : null);
    }

    public void Dispose() => perAccount.Dispose();

    internal static void AddTo(IServiceCollection services)
    {
        services.AddSingleton<SignInLimits>();
        services.AddExceptionHandler<ThrottledAnswer>();
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = (context, cancellationToken) =>
                ThrottledAnswer.WriteAsync(context.HttpContext, context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : null);
            o.AddPolicy(PolicyName, http =>
            {
                var limits = http.RequestServices.GetRequiredService<IOptions<AccessOptions>>().Value.SignInLimits;
                // Behind a proxy this is the client's address once the forwarded headers are applied (README, TLS).
                var client = http.Connection.RemoteIpAddress?.ToString() ?? "unknown";
                return RateLimitPartition.GetFixedWindowLimiter(client, _ => Window(limits.PerClient, limits.Window));
            });
        });
    }

    private static FixedWindowRateLimiterOptions Window(int permits, TimeSpan window) =>
        new() { PermitLimit = permits, Window = window, QueueLimit = 0, AutoReplenishment = true };

    /// <summary>429 problem details with <c>Retry-After</c>, for both limits.</summary>
    private sealed class ThrottledAnswer(IProblemDetailsService problems) : IExceptionHandler
    {
        public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
        {
            if (exception is not SignInThrottledException throttled)
                return false;
            await WriteAsync(httpContext, throttled.RetryAfter, problems);
            return true;
        }

        public static ValueTask WriteAsync(HttpContext http, TimeSpan? retryAfter, IProblemDetailsService? problems = null)
        {
            http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
            var seconds = (int)Math.Ceiling((retryAfter ?? TimeSpan.FromSeconds(1)).TotalSeconds);
            http.Response.Headers.RetryAfter = Math.Max(1, seconds).ToString(CultureInfo.InvariantCulture);
            return (problems ?? http.RequestServices.GetRequiredService<IProblemDetailsService>()).WriteAsync(new ProblemDetailsContext
            {
                HttpContext = http,
                ProblemDetails =
                {
                    Status = StatusCodes.Status429TooManyRequests,
                    Title = "Too many sign-in attempts",
                    Detail = "Too many sign-in attempts from this client or for this account. Wait and try again.",
                    Extensions = { ["code"] = "sign-in.throttled" },
                },
            });
        }
    }
}

/// <summary>Thrown before a password check when the account's attempts for the window are used up.</summary>
public sealed class SignInThrottledException(TimeSpan? retryAfter) : Exception("Too many sign-in attempts for this account.")
{
    public TimeSpan? RetryAfter { get; } = retryAfter;
}

/// <summary>Settings of <see cref="SignInLimits"/>: <c>Hotline:Access:SignInLimits</c>.</summary>
public sealed class SignInLimitOptions
{
    /// <summary>Sign-in requests one client address may make per window (login, token, refresh together).</summary>
    public int PerClient { get; set; } = 20;

    /// <summary>Password checks one account (tenant and user name) may get per window, from any address.</summary>
    public int PerAccount { get; set; } = 5;

    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);
}

/// <summary>Endpoint metadata for the sign-in endpoints.</summary>
public static class SignInLimitEndpoints
{
    public static TBuilder RequireSignInLimits<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.RequireRateLimiting(SignInLimits.PolicyName);
}
