using System.Globalization;
using System.Text;

namespace RtcGateway.Server.Tests.Mjpeg;

/// <summary>One part of a multipart/x-mixed-replace stream as a client sees it.</summary>
public sealed record MjpegTestPart(byte[] Jpeg, double TimestampMs, long Sequence, IReadOnlyDictionary<string, string> Headers);

/// <summary>A strict client-side parser of the MJPEG stream (boundary line, headers, Content-Length body, CRLF).</summary>
public sealed class MjpegPartReader(Stream stream)
{
    private readonly byte[] _one = new byte[1];

    public async Task<MjpegTestPart> ReadPartAsync(CancellationToken ct)
    {
        string boundary = await ReadLineAsync(ct);
        if (boundary != "--frame")
        {
            throw new InvalidDataException($"expected '--frame', got '{boundary}'");
        }

        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (string line = await ReadLineAsync(ct); line.Length > 0; line = await ReadLineAsync(ct))
        {
            int colon = line.IndexOf(':', StringComparison.Ordinal);
            headers[line[..colon].Trim()] = line[(colon + 1)..].Trim();
        }

        int length = int.Parse(headers["Content-Length"], CultureInfo.InvariantCulture);
        byte[] jpeg = new byte[length];
        await stream.ReadExactlyAsync(jpeg, ct);
        string end = await ReadLineAsync(ct);
        if (end.Length != 0)
        {
            throw new InvalidDataException("part body not followed by CRLF");
        }

        return new MjpegTestPart(jpeg, double.Parse(headers["X-Timestamp"], CultureInfo.InvariantCulture),
            long.Parse(headers["X-Sequence"], CultureInfo.InvariantCulture), headers);
    }

    private async Task<string> ReadLineAsync(CancellationToken ct)
    {
        var sb = new StringBuilder();
        while (true)
        {
            await stream.ReadExactlyAsync(_one, ct);
            if (_one[0] == '\n')
            {
                if (sb.Length == 0 || sb[^1] != '\r')
                {
                    throw new InvalidDataException("bare LF");
                }

                return sb.ToString(0, sb.Length - 1);
            }

            sb.Append((char)_one[0]);
            if (sb.Length > 1000)
            {
                throw new InvalidDataException("header line too long");
            }
        }
    }
}

/// <summary>Reads the frame size from a JPEG's SOFn segment (ITU-T T.81 §B.2.2).</summary>
public static class JpegSize
{
    public static (int Width, int Height) Read(byte[] jpeg)
    {
        if (jpeg.Length < 4 || jpeg[0] != 0xFF || jpeg[1] != 0xD8)
        {
            throw new InvalidDataException("no SOI");
        }

        int i = 2;
        while (i + 9 < jpeg.Length)
        {
            if (jpeg[i] != 0xFF)
            {
                throw new InvalidDataException($"no marker at {i}");
            }

            byte marker = jpeg[i + 1];
            int length = (jpeg[i + 2] << 8) | jpeg[i + 3];
            if (marker is >= 0xC0 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC)
            {
                int height = (jpeg[i + 5] << 8) | jpeg[i + 6];
                int width = (jpeg[i + 7] << 8) | jpeg[i + 8];
                return (width, height);
            }

            i += 2 + length;
        }

        throw new InvalidDataException("no SOF segment");
    }
}
