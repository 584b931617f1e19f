package org.peerwave.engine.wire;

/** The id byte of each peer-wire message (BEP 3, BEP 6, BEP 10); keep-alive has none. */
public enum MessageId {
    KEEP_ALIVE(-1),
    CHOKE(0),
    UNCHOKE(1),
    INTERESTED(2),
    NOT_INTERESTED(3),
    HAVE(4),
    BITFIELD(5),
    REQUEST(6),
    PIECE(7),
    CANCEL(8),
    PORT(9),
    SUGGEST(0x0D),
    HAVE_ALL(0x0E),
    HAVE_NONE(0x0F),
    REJECT(0x10),
    ALLOWED_FAST(0x11),
    EXTENDED(20);

    private static final MessageId[] BY_ID = new MessageId[256];

    static {
        for (MessageId m : values()) {
            if (m.id >= 0) {
                BY_ID[m.id] = m;
            }
        }
    }

    private final int id;

    MessageId(int id) {
        this.id = id;
    }

    /** The id byte on the wire, or -1 for keep-alive. */
    public int id() {
        return id;
    }

    /** The message with this id byte (0..255), or null when unknown. */
    public static MessageId of(int id) {
        return id >= 0 && id < 256 ? BY_ID[id] : null;
    }
}
