using System.Buffers;
using System.Buffers.Binary;

namespace RtcGateway.WebRtc.Rtp;

/// <summary>
/// H.264 RTP packetizer, RFC 6184 packetization-mode=1 (non-interleaved): single NAL unit packets (§5.6),
/// STAP-A (§5.7.1) and FU-A (§5.8). Runs once per access unit per camera; the resulting
/// <see cref="PacketizedFrame"/> is shared by all viewers.
/// <para>Rules, per access unit (NAL units without start codes, each beginning with its NAL header byte):</para>
/// <list type="bullet">
/// <item>Dropped: empty NAL units, types 0 and 24–31 (not produced by encoders), access unit delimiters (9),
/// SEI (6: x264 writes a ~600-byte version string; nothing in the browser consumes SEI) and filler data (12).</item>
/// <item>All SPS (7) and PPS (8) of the access unit are grouped into ONE STAP-A placed right before the first
/// slice (types 1–5), so they carry the IDR's timestamp (Chrome drops lone parameter sets). A single parameter
/// set, or a group too large for one payload, is sent as single NAL units (FU-A when larger than the budget).</item>
/// <item>Any other NAL unit larger than <c>maxPayloadSize</c> becomes FU-A fragments: FU indicator = F|NRI of the
/// NAL header with type 28, FU header = S|E|R=0|original type; the NAL header byte itself is not repeated;
/// fragment sizes are balanced (differ by at most one byte).</item>
/// <item>Other NAL units go as single NAL unit packets. The last payload carries the marker bit (§5.1).</item>
/// </list>
/// Thread-safe (no mutable state); allocates one <see cref="PacketizedFrame"/> per access unit and rents its buffers.
/// </summary>
public sealed class H264Packetizer
{
    private const int StapAHeaderSize = 1;
    private const int StapANaluSizeField = 2;
    private const int FuAHeaderSize = 2;

    private readonly ArrayPool<byte> _pool;

    /// <summary>Creates a packetizer renting payload buffers from <paramref name="pool"/> (default <see cref="ArrayPool{T}.Shared"/>).</summary>
    public H264Packetizer(ArrayPool<byte>? pool = null)
    {
        _pool = pool ?? ArrayPool<byte>.Shared;
    }

    /// <summary>Smallest accepted payload budget in bytes: 3 (FU indicator + FU header + 1 byte).</summary>
    public const int MinPayloadSize = 3;

    /// <summary>
    /// Packetizes one access unit. Returns a frame with reference count 1 owned by the caller (release it).
    /// </summary>
    /// <param name="nalUnits">The access unit's NAL units in decoding order, each starting with the NAL header byte.</param>
    /// <param name="maxPayloadSize">Largest RTP payload in bytes (see <see cref="RtpPayloadBudget.MaxPayloadSize"/>).</param>
    /// <exception cref="ArgumentNullException">nalUnits is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">maxPayloadSize is below <see cref="MinPayloadSize"/>.</exception>
    public PacketizedFrame Packetize(IReadOnlyList<ReadOnlyMemory<byte>> nalUnits, int maxPayloadSize)
    {
        ArgumentNullException.ThrowIfNull(nalUnits);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPayloadSize, MinPayloadSize);

        var sizing = new Emitter(default, default, maxPayloadSize, write: false);
        bool isKeyframe = Run(nalUnits, ref sizing);

        byte[] buffer = _pool.Rent(Math.Max(sizing.Position, 1));
        int[] offsets = ArrayPool<int>.Shared.Rent(sizing.Count + 1);
        var writer = new Emitter(buffer, offsets, maxPayloadSize, write: true);
        Run(nalUnits, ref writer);
        offsets[writer.Count] = writer.Position;
        return new PacketizedFrame(buffer, offsets, writer.Count, isKeyframe, _pool);
    }

    private static bool Run(IReadOnlyList<ReadOnlyMemory<byte>> nalUnits, ref Emitter emitter)
    {
        bool isKeyframe = false;
        bool parameterSetsPending = false;
        int parameterSetCount = 0;
        int stapASize = StapAHeaderSize;
        for (int i = 0; i < nalUnits.Count; i++)
        {
            ReadOnlySpan<byte> nal = nalUnits[i].Span;
            if (IsParameterSet(nal))
            {
                parameterSetCount++;
                stapASize += StapANaluSizeField + nal.Length;
                parameterSetsPending = true;
            }
        }

        for (int i = 0; i < nalUnits.Count; i++)
        {
            ReadOnlySpan<byte> nal = nalUnits[i].Span;
            if (nal.IsEmpty || IsParameterSet(nal))
            {
                continue;
            }

            var type = (H264NalUnitType)(nal[0] & 0x1F);
            if (type is 0 or H264NalUnitType.AccessUnitDelimiter or H264NalUnitType.Sei or H264NalUnitType.FillerData
                || (byte)type >= (byte)H264NalUnitType.StapA)
            {
                continue;
            }

            if ((byte)type is >= 1 and <= 5 && parameterSetsPending)
            {
                EmitParameterSets(nalUnits, ref emitter, parameterSetCount, stapASize);
                parameterSetsPending = false;
            }

            isKeyframe |= type == H264NalUnitType.IdrSlice;
            emitter.EmitNal(nal);
        }

        if (parameterSetsPending)
        {
            EmitParameterSets(nalUnits, ref emitter, parameterSetCount, stapASize);
        }

        return isKeyframe;
    }

    private static bool IsParameterSet(ReadOnlySpan<byte> nal) =>
        !nal.IsEmpty && (nal[0] & 0x1F) is (byte)H264NalUnitType.Sps or (byte)H264NalUnitType.Pps;

    private static void EmitParameterSets(
        IReadOnlyList<ReadOnlyMemory<byte>> nalUnits, ref Emitter emitter, int count, int stapASize)
    {
        if (count >= 2 && stapASize <= emitter.MaxPayloadSize)
        {
            // RFC 6184 §5.7.1: STAP-A NAL header (F = OR of Fs, NRI = max NRI, type 24), then per NAL unit a
            // 16-bit size and the NAL unit itself.
            int f = 0;
            int nri = 0;
            for (int i = 0; i < nalUnits.Count; i++)
            {
                ReadOnlySpan<byte> nal = nalUnits[i].Span;
                if (IsParameterSet(nal))
                {
                    f |= nal[0] & 0x80;
                    nri = Math.Max(nri, nal[0] & 0x60);
                }
            }

            Span<byte> payload = emitter.Begin(stapASize);
            if (!payload.IsEmpty)
            {
                payload[0] = (byte)(f | nri | (byte)H264NalUnitType.StapA);
                int offset = StapAHeaderSize;
                for (int i = 0; i < nalUnits.Count; i++)
                {
                    ReadOnlySpan<byte> nal = nalUnits[i].Span;
                    if (IsParameterSet(nal))
                    {
                        BinaryPrimitives.WriteUInt16BigEndian(payload.Slice(offset), (ushort)nal.Length);
                        nal.CopyTo(payload.Slice(offset + StapANaluSizeField));
                        offset += StapANaluSizeField + nal.Length;
                    }
                }
            }

            return;
        }

        for (int i = 0; i < nalUnits.Count; i++)
        {
            ReadOnlySpan<byte> nal = nalUnits[i].Span;
            if (IsParameterSet(nal))
            {
                emitter.EmitNal(nal);
            }
        }
    }

    /// <summary>Either measures (write = false) or writes payloads into the rented buffer.</summary>
    private ref struct Emitter
    {
        private readonly Span<byte> _buffer;
        private readonly Span<int> _offsets;
        private readonly bool _write;

        public Emitter(Span<byte> buffer, Span<int> offsets, int maxPayloadSize, bool write)
        {
            _buffer = buffer;
            _offsets = offsets;
            MaxPayloadSize = maxPayloadSize;
            _write = write;
        }

        public int MaxPayloadSize { get; }

        public int Count { get; private set; }

        public int Position { get; private set; }

        /// <summary>Reserves one payload of the given size; returns its span when writing, empty when measuring.</summary>
        public Span<byte> Begin(int size)
        {
            Span<byte> span = default;
            if (_write)
            {
                _offsets[Count] = Position;
                span = _buffer.Slice(Position, size);
            }

            Count++;
            Position += size;
            return span;
        }

        public void EmitNal(ReadOnlySpan<byte> nal)
        {
            if (nal.Length <= MaxPayloadSize)
            {
                // RFC 6184 §5.6: single NAL unit packet, the payload is the NAL unit.
                Span<byte> payload = Begin(nal.Length);
                if (_write)
                {
                    nal.CopyTo(payload);
                }

                return;
            }

            // RFC 6184 §5.8: FU-A. FU indicator: F|NRI|28. FU header: S|E|R|Type. The NAL header byte is
            // conveyed by the indicator's F/NRI and the header's type and is not repeated in the payload.
            ReadOnlySpan<byte> body = nal.Slice(1);
            int maxFragment = MaxPayloadSize - FuAHeaderSize;
            int fragments = (body.Length + maxFragment - 1) / maxFragment;
            int baseSize = body.Length / fragments;
            int larger = body.Length % fragments;
            byte indicator = (byte)((nal[0] & 0xE0) | (byte)H264NalUnitType.FuA);
            byte type = (byte)(nal[0] & 0x1F);
            int offset = 0;
            for (int i = 0; i < fragments; i++)
            {
                int size = baseSize + (i < larger ? 1 : 0);
                Span<byte> payload = Begin(FuAHeaderSize + size);
                if (_write)
                {
                    payload[0] = indicator;
                    payload[1] = (byte)((i == 0 ? 0x80 : 0) | (i == fragments - 1 ? 0x40 : 0) | type);
                    body.Slice(offset, size).CopyTo(payload.Slice(FuAHeaderSize));
                }

                offset += size;
            }
        }
    }
}
