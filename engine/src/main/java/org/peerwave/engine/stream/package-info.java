/**
 * Streaming: {@link org.peerwave.engine.stream.TorrentFile} opens a seekable, blocking
 * {@link java.nio.channels.SeekableByteChannel} over one file of a torrent while it downloads. A
 * read waits until the piece it needs is verified (never returns unverified bytes) and makes the
 * pieces at and after its position time-critical (deadlines in the picker). Sits above the
 * session and uses only its facade ({@link org.peerwave.engine.session.TorrentHandle}).
 * {@link org.peerwave.engine.stream.StreamServer} serves those channels to media players over a
 * local HTTP server with byte ranges.
 */
package org.peerwave.engine.stream;
