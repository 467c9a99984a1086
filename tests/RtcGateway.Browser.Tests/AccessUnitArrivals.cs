using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using RtcGateway.Media.Cameras;

namespace RtcGateway.Browser.Tests;

/// <summary>
/// Records when a camera delivers its access units (wall clock of the test process, ms), to tell a camera-side stall
/// and burst from a slow consumer: the largest gap between two deliveries and the most deliveries within 100 ms.
/// </summary>
public sealed class AccessUnitArrivals : IDisposable
{
    private readonly ConcurrentQueue<double> _times = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private IDisposable? _subscription;

    public static AccessUnitArrivals Watch(GatewayInstance gw, string cameraId)
    {
        Assert.True(gw.Services.GetRequiredService<CameraManager>().TryGet(cameraId, out ICamera? camera));
        var a = new AccessUnitArrivals();
        a._subscription = camera!.SubscribeAccessUnits(_ => a._times.Enqueue(a._clock.Elapsed.TotalMilliseconds));
        return a;
    }

    public double MaxGapMs => Gaps().DefaultIfEmpty(0).Max();

    public int MaxIn100Ms
    {
        get
        {
            double[] t = _times.ToArray();
            int best = 0;
            for (int i = 0, j = 0; i < t.Length; i++)
            {
                while (t[i] - t[j] > 100)
                {
                    j++;
                }

                best = Math.Max(best, i - j + 1);
            }

            return best;
        }
    }

    public override string ToString() => $"{_times.Count} access units, largest gap {MaxGapMs:F0} ms, most within 100 ms {MaxIn100Ms}";

    public void Dispose() => _subscription?.Dispose();

    private IEnumerable<double> Gaps()
    {
        double[] t = _times.ToArray();
        for (int i = 1; i < t.Length; i++)
        {
            yield return t[i] - t[i - 1];
        }
    }
}
