using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Sam3.Raster.Api;

/// <summary>
/// With a token, every request (API, metrics, health) must carry <c>Authorization: Bearer TOKEN</c>;
/// anything else is answered 401 before it reaches an endpoint. The dashboard's own files (the page,
/// its script, styles and the bundled map library) are the exception: they hold no data, and a
/// browser cannot send a header when it opens a page; the page then sends the token with every API
/// call. Compared in constant time, so the answer's timing says nothing about the token.
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
        var webRoot = app.ApplicationServices.GetRequiredService<IWebHostEnvironment>().WebRootFileProvider;
        return app.Use(async (context, next) =>
        {
            string path = context.Request.Path.Value ?? "/";
            if (HttpMethods.IsGet(context.Request.Method) && (path == "/" || webRoot.GetFileInfo(path).Exists))
            {
                await next(context);
                return;
            }

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
