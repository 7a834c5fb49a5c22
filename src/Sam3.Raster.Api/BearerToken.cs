using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Sam3.Raster.Api;

/// <summary>
/// With a token, every request (API, metrics, health, static files) must carry
/// <c>Authorization: Bearer TOKEN</c>; anything else is answered 401 before it reaches an endpoint.
/// Compared in constant time, so the answer's timing says nothing about the token.
/// </summary>
public static class BearerToken
{
    public static IApplicationBuilder UseBearerToken(this IApplicationBuilder app, string? token)
    {
        if (token is null)
        {
            return app;
        }

        byte[] expected = Encoding.UTF8.GetBytes("Bearer " + token);
        return app.Use(async (context, next) =>
        {
            string given = context.Request.Headers.Authorization.ToString();
            if (!CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), expected))
            {
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                context.Response.Headers.WWWAuthenticate = "Bearer";
                await context.Response.WriteAsJsonAsync(new ApiError("missing or wrong bearer token (Authorization: Bearer …)"));
                return;
            }

            await next(context);
        });
    }
}
