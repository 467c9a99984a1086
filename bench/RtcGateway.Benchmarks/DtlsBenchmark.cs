using System.Diagnostics;
using System.Globalization;
using RtcGateway.WebRtc.Dtls;

namespace RtcGateway.Benchmarks;

/// <summary>
/// <c>dotnet run -c Release --project bench/RtcGateway.Benchmarks -- dtls [warm handshakes] [records]</c>: the DTLS server
/// in memory against <see cref="DtlsInMemoryClient"/> (a BouncyCastle client on its own thread). Prints the cold
/// (first in the process, includes JIT) and warm handshake times (<see cref="DtlsWarmup.Run"/>: client certificate
/// generation + full handshake, ms), then for a connected session the cost of one inline record on the caller's thread:
/// a genuine application-data record (<see cref="DtlsServerSession.HandleDatagram"/> + poll) and a forged one (bad tag,
/// discarded), in µs and bytes allocated on the calling thread. Records are captured from the client first (the replay
/// window forbids reuse), so only the server side is timed. Wall clock; the machine's load shows in the figures.
/// </summary>
public static class DtlsBenchmark
{
    public static int Run(string[] args)
    {
        int warm = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 20;
        int records = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 5000;
        var now = DateTimeOffset.UtcNow;
        DtlsCertificate server = DtlsCertificate.Generate(now);

        double cold = DtlsWarmup.Run(server, TimeProvider.System).TotalMilliseconds;
        var warmTimes = new double[warm];
        for (int i = 0; i < warm; i++)
        {
            warmTimes[i] = DtlsWarmup.Run(server, TimeProvider.System).TotalMilliseconds;
        }

        Array.Sort(warmTimes);
        Console.WriteLine($"handshake cold {cold:F1} ms; warm (n={warm}) p50 {Percentile(warmTimes, 0.5):F1} ms, " +
            $"min {warmTimes[0]:F1} ms, max {warmTimes[^1]:F1} ms");

        DtlsCertificate clientCertificate = DtlsCertificate.Generate(now, "CN=bench client");
        using var session = new DtlsServerSession(server, clientCertificate.FingerprintSha256);
        using var client = new DtlsInMemoryClient(session, clientCertificate, DtlsSrtpProfile.ServerPreference);
        client.Start();
        if (!client.Wait(TimeSpan.FromSeconds(20)))
        {
            Console.WriteLine("handshake did not finish");
            return 1;
        }

        for (int round = 0; round < 200 && session.State != DtlsState.Connected; round++)
        {
            client.ServerOutput.WaitOne(TimeSpan.FromMilliseconds(50));
        }

        if (session.State != DtlsState.Connected)
        {
            Console.WriteLine($"session not connected: {session.State} {session.FailureReason}");
            return 1;
        }

        // Capture records instead of delivering them; then time only the server side.
        client.DeliverToServer = false;
        var payload = new byte[100];
        for (int i = 0; i < 2 * records; i++)
        {
            payload[0] = (byte)i;
            client.Transport!.Send(payload, 0, payload.Length);
        }

        byte[][] captured;
        lock (client.ClientDatagrams)
        {
            captured = client.ClientDatagrams.Skip(client.ClientDatagrams.Count - 2 * records).ToArray();
        }

        byte[][] genuine = captured[..records];
        byte[][] forged = captured[records..].Select(d =>
        {
            byte[] copy = (byte[])d.Clone();
            copy[^1] ^= 0x80;
            return copy;
        }).ToArray();

        var buffer = new byte[DtlsRecordHeader.MaxFragmentLength];
        // Warm the paths, then measure.
        for (int i = 0; i < records / 10; i++)
        {
            session.HandleDatagram(genuine[i]);
            session.TryPollApplicationData(buffer, out _);
            session.HandleDatagram(forged[i]);
        }

        (double genuineUs, double genuineBytes) = Measure(genuine[(records / 10)..], record =>
        {
            session.HandleDatagram(record);
            if (!session.TryPollApplicationData(buffer, out _))
            {
                throw new InvalidOperationException("genuine record not delivered");
            }
        });
        (double forgedUs, double forgedBytes) = Measure(forged[(records / 10)..], record => session.HandleDatagram(record));
        Console.WriteLine($"inline record, caller's thread: genuine {genuineUs:F1} µs ({genuineBytes:F0} B allocated), " +
            $"forged {forgedUs:F1} µs ({forgedBytes:F0} B); discarded {session.DiscardedRecords}, state {session.State}");
        return 0;
    }

    private static (double Microseconds, double Bytes) Measure(byte[][] records, Action<byte[]> process)
    {
        long bytes = GC.GetAllocatedBytesForCurrentThread();
        long start = Stopwatch.GetTimestamp();
        foreach (byte[] record in records)
        {
            process(record);
        }

        double elapsed = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
        return (elapsed / records.Length, (GC.GetAllocatedBytesForCurrentThread() - bytes) / (double)records.Length);
    }

    private static double Percentile(double[] sorted, double p) => sorted[(int)Math.Min(sorted.Length - 1, p * sorted.Length)];
}
