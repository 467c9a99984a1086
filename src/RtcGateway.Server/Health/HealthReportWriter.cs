using System.Text.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace RtcGateway.Server.Health;

/// <summary>
/// Writes a <see cref="HealthReport"/> as JSON (<c>application/json</c>):
/// <c>{"status":"Healthy|Unhealthy","checks":{"udp":{"status","description","data":{…}},"cameras":{…}}}</c>; the HTTP
/// status (200 healthy, 503 unhealthy) is set by the health-check middleware.
/// </summary>
public static class HealthReportWriter
{
    private static readonly JsonSerializerOptions DataOptions = new(JsonSerializerDefaults.Web);

    /// <summary>Writes <paramref name="report"/> to the response.</summary>
    public static async Task WriteAsync(HttpContext context, HealthReport report)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(report);
        context.Response.ContentType = "application/json; charset=utf-8";
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("status", report.Status.ToString());
            json.WriteStartObject("checks");
            foreach ((string name, HealthReportEntry entry) in report.Entries)
            {
                json.WriteStartObject(name);
                json.WriteString("status", entry.Status.ToString());
                json.WriteString("description", entry.Description);
                json.WriteStartObject("data");
                foreach ((string key, object value) in entry.Data)
                {
                    json.WritePropertyName(key);
                    JsonSerializer.Serialize(json, value, value?.GetType() ?? typeof(object), DataOptions);
                }

                json.WriteEndObject();
                json.WriteEndObject();
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        await context.Response.Body.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), context.RequestAborted).ConfigureAwait(false);
    }
}
