package org.peerwave.engine.bencode;

/**
 * Limits that keep a hostile input from exhausting the stack or memory.
 *
 * @param maxInputSize  largest input accepted, in bytes
 * @param maxDepth      deepest nesting of lists and dictionaries
 * @param maxTokens     most values (integers, strings, lists, dictionaries) in one input
 */
public record BencodeLimits(int maxInputSize, int maxDepth, int maxTokens) {

    /** Defaults for .torrent files, in the spirit of libtorrent's: 10 MB, depth 100, 2,000,000 tokens. */
    public static final BencodeLimits TORRENT_FILE = new BencodeLimits(10 * 1000 * 1000, 100, 2_000_000);

    /** Defaults for small protocol messages (extension handshakes, tracker and DHT replies). */
    public static final BencodeLimits MESSAGE = new BencodeLimits(1024 * 1024, 32, 100_000);

    public BencodeLimits {
        if (maxInputSize <= 0 || maxDepth <= 0 || maxTokens <= 0) {
            throw new IllegalArgumentException("bencode limits must be positive: " + maxInputSize + ", "
                    + maxDepth + ", " + maxTokens);
        }
    }

    public BencodeLimits withMaxInputSize(int size) {
        return new BencodeLimits(size, maxDepth, maxTokens);
    }

    public BencodeLimits withMaxDepth(int depth) {
        return new BencodeLimits(maxInputSize, depth, maxTokens);
    }

    public BencodeLimits withMaxTokens(int tokens) {
        return new BencodeLimits(maxInputSize, maxDepth, tokens);
    }
}
