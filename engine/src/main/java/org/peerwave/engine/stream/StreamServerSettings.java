package org.peerwave.engine.stream;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Objects;

/**
 * Limits and addresses of the local HTTP stream server ({@link StreamServer}).
 *
 * @param bindAddress    the address to listen on (default 127.0.0.1: only this machine)
 * @param port           the TCP port, 0 for a free one (default 0)
 * @param chunkSize      bytes read from the torrent channel and written per chunk (default 64 KiB)
 * @param maxConnections connections open at once; a further one is closed at once (default 64)
 * @param maxHeaderSize  largest request line and header block in bytes; a larger request is refused
 *                       (default 8 KiB)
 * @param maxPipelinedRequests requests one connection may send ahead of the answers; more close it
 *                       (default 16)
 * @param openTimeout    how long a request waits for a magnet's metadata before 503 (default 30 s)
 * @param stream         the settings of each channel the server opens
 */
public record StreamServerSettings(InetAddress bindAddress, int port, int chunkSize, int maxConnections,
                                   int maxHeaderSize, int maxPipelinedRequests, Duration openTimeout,
                                   StreamSettings stream) {

    public static final StreamServerSettings DEFAULT = builder().build();

    public StreamServerSettings {
        Objects.requireNonNull(bindAddress, "bindAddress");
        Objects.requireNonNull(openTimeout, "openTimeout");
        Objects.requireNonNull(stream, "stream");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535: " + port);
        }
        if (chunkSize < 1024 || chunkSize > 16 * 1024 * 1024) {
            throw new IllegalArgumentException("chunkSize must be 1 KiB..16 MiB: " + chunkSize);
        }
        if (maxConnections < 1) {
            throw new IllegalArgumentException("maxConnections must be at least 1: " + maxConnections);
        }
        if (maxHeaderSize < 256) {
            throw new IllegalArgumentException("maxHeaderSize must be at least 256: " + maxHeaderSize);
        }
        if (maxPipelinedRequests < 1) {
            throw new IllegalArgumentException("maxPipelinedRequests must be at least 1: " + maxPipelinedRequests);
        }
        if (openTimeout.isNegative() || openTimeout.isZero()) {
            throw new IllegalArgumentException("openTimeout must be positive: " + openTimeout);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder().bindAddress(bindAddress).port(port).chunkSize(chunkSize).maxConnections(maxConnections)
                .maxHeaderSize(maxHeaderSize).maxPipelinedRequests(maxPipelinedRequests).openTimeout(openTimeout)
                .stream(stream);
    }

    public static final class Builder {
        private InetAddress bindAddress = InetAddress.getLoopbackAddress();
        private int port;
        private int chunkSize = 64 * 1024;
        private int maxConnections = 64;
        private int maxHeaderSize = 8 * 1024;
        private int maxPipelinedRequests = 16;
        private Duration openTimeout = Duration.ofSeconds(30);
        private StreamSettings stream = StreamSettings.DEFAULT;

        private Builder() {
        }

        public Builder bindAddress(InetAddress a) {
            this.bindAddress = a;
            return this;
        }

        public Builder port(int p) {
            this.port = p;
            return this;
        }

        public Builder chunkSize(int n) {
            this.chunkSize = n;
            return this;
        }

        public Builder maxConnections(int n) {
            this.maxConnections = n;
            return this;
        }

        public Builder maxHeaderSize(int n) {
            this.maxHeaderSize = n;
            return this;
        }

        public Builder maxPipelinedRequests(int n) {
            this.maxPipelinedRequests = n;
            return this;
        }

        public Builder openTimeout(Duration d) {
            this.openTimeout = d;
            return this;
        }

        public Builder stream(StreamSettings s) {
            this.stream = s;
            return this;
        }

        public StreamServerSettings build() {
            return new StreamServerSettings(bindAddress, port, chunkSize, maxConnections, maxHeaderSize,
                    maxPipelinedRequests, openTimeout, stream);
        }
    }
}
