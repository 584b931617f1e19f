package org.peerwave.engine.metainfo;

/**
 * Bounds on what {@link MagnetLink#parse(String, MagnetLimits)} accepts, so that a hostile link
 * (from a web page, the clipboard or the command line) cannot make the parser do unbounded work.
 *
 * @param maxLength the longest accepted input, in UTF-16 chars
 * @param maxParameters the most {@code key=value} parameters accepted, known or not
 */
public record MagnetLimits(int maxLength, int maxParameters) {

    /** 64 KiB of input and 1000 parameters: far above any real link. */
    public static final MagnetLimits DEFAULT = new MagnetLimits(64 * 1024, 1000);

    /** No practical bound (for links this program wrote itself). */
    public static final MagnetLimits UNLIMITED = new MagnetLimits(Integer.MAX_VALUE, Integer.MAX_VALUE);

    public MagnetLimits {
        if (maxLength <= 0) {
            throw new IllegalArgumentException("maxLength must be positive: " + maxLength);
        }
        if (maxParameters <= 0) {
            throw new IllegalArgumentException("maxParameters must be positive: " + maxParameters);
        }
    }

    public MagnetLimits withMaxLength(int maxLength) {
        return new MagnetLimits(maxLength, maxParameters);
    }

    public MagnetLimits withMaxParameters(int maxParameters) {
        return new MagnetLimits(maxLength, maxParameters);
    }
}
