namespace RtcGateway.WebRtc.Rtp;

/// <summary>
/// Allocation-free enumerator over RFC 8285 header extension elements.
/// One-byte form (§4.2): 4-bit ID, 4-bit length−1; ID 0 is a padding byte; ID 15 terminates processing.
/// Two-byte form (§4.3): 8-bit ID, 8-bit length; ID 0 is a padding byte.
/// Stops (without throwing) at the first element that runs past the extension block.
/// </summary>
public ref struct RtpHeaderExtensionEnumerator
{
    private readonly ReadOnlySpan<byte> _data;
    private readonly bool _twoByte;
    private readonly bool _known;
    private int _offset;
    private RtpHeaderExtensionElement _current;

    /// <summary>Creates an enumerator over extension data (without its 4-byte header) of the given profile.</summary>
    public RtpHeaderExtensionEnumerator(ReadOnlySpan<byte> extensionData, ushort profile)
    {
        _data = extensionData;
        _twoByte = (profile & 0xFFF0) == RtpHeader.TwoByteExtensionProfile;
        _known = _twoByte || profile == RtpHeader.OneByteExtensionProfile;
        _offset = 0;
        _current = default;
    }

    /// <summary>The current element.</summary>
    public readonly RtpHeaderExtensionElement Current => _current;

    /// <summary>Enables <c>foreach</c>.</summary>
    public readonly RtpHeaderExtensionEnumerator GetEnumerator() => this;

    /// <summary>Advances to the next element; false at the end or at the first malformed element.</summary>
    public bool MoveNext()
    {
        if (!_known)
        {
            return false;
        }

        while (_offset < _data.Length)
        {
            byte b = _data[_offset];
            if (b == 0 || (!_twoByte && (b >> 4) == 0))
            {
                // Padding byte (RFC 8285 §4.2 / §4.3: ID 0 is reserved for padding).
                _offset++;
                continue;
            }

            int id;
            int length;
            int dataStart;
            if (_twoByte)
            {
                if (_offset + 2 > _data.Length)
                {
                    _offset = _data.Length;
                    return false;
                }

                id = b;
                length = _data[_offset + 1];
                dataStart = _offset + 2;
            }
            else
            {
                id = b >> 4;
                if (id == 15)
                {
                    _offset = _data.Length;
                    return false;
                }

                length = (b & 0x0F) + 1;
                dataStart = _offset + 1;
            }

            if (dataStart + length > _data.Length)
            {
                _offset = _data.Length;
                return false;
            }

            _current = new RtpHeaderExtensionElement((byte)id, _data.Slice(dataStart, length));
            _offset = dataStart + length;
            return true;
        }

        return false;
    }
}
