using System.Net;

namespace RtcGateway.Server.Transport;

/// <summary>Takes datagrams from the <see cref="UdpTransport"/> receive loop.</summary>
public interface IDatagramReceiver
{
    /// <summary>
    /// Handles one received datagram. Called on the receive loop: must not block.
    /// </summary>
    /// <param name="buffer">A buffer rented from <see cref="System.Buffers.ArrayPool{T}.Shared"/> holding the datagram in its first
    /// <paramref name="length"/> bytes.</param>
    /// <param name="length">Datagram length, bytes.</param>
    /// <param name="remote">The sender's address. The instance is reused by the loop: copy it to keep it.</param>
    /// <returns>True when the receiver took ownership of <paramref name="buffer"/> (and returns it to the pool later);
    /// false when the loop may reuse it.</returns>
    bool OnDatagram(byte[] buffer, int length, SocketAddress remote);
}
