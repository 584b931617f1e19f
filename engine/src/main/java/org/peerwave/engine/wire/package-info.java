/**
 * The BitTorrent peer wire: BEP 3 messages, the BEP 6 fast extension, the BEP 10 extension
 * protocol with a public extension API, BEP 9 ut_metadata and BEP 20 peer ids.
 *
 * <h2>Pipeline of one connection</h2>
 * <pre>
 *   HandshakeHandler   reads the 68-byte handshake, fires a {@link org.peerwave.engine.wire.Handshake},
 *                      removes itself (outbound: sends ours on connect; inbound: asks an
 *                      {@link org.peerwave.engine.wire.InfoHashRouter} after 48 bytes)
 *   FrameDecoder       4-byte length prefix; a frame above maxFrameSize closes the connection
 *   MessageDecoder     frame → {@link org.peerwave.engine.wire.PeerMessage} (stateless, sharable)
 *   MessageEncoder     PeerMessage → bytes (stateless, sharable; piece blocks without a copy)
 *   (session handler)  receives Handshake first, then PeerMessages; must release Piece messages
 * </pre>
 * Every decoding problem is a {@link org.peerwave.engine.wire.PeerWireException}: the handler that
 * finds it closes the channel and rethrows, so the session sees it (wrapped in Netty's
 * {@code DecoderException}) in {@code exceptionCaught} and can log the reason.
 *
 * <p>Protocol decisions that need torrent state (bitfield length against the piece count, piece
 * index against the piece count, a piece that matches an outstanding request, request floods,
 * choking) belong to the session; {@link org.peerwave.engine.wire.Bitfields} helps with the first.
 * All limits are in {@link org.peerwave.engine.wire.WireLimits}.
 */
package org.peerwave.engine.wire;
