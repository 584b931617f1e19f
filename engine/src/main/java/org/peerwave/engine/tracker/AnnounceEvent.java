package org.peerwave.engine.tracker;

/** The {@code event} of an announce (BEP 3), with its HTTP name and its BEP 15 UDP code. */
public enum AnnounceEvent {
    NONE("", 0),
    COMPLETED("completed", 1),
    STARTED("started", 2),
    STOPPED("stopped", 3);

    private final String httpName;
    private final int udpCode;

    AnnounceEvent(String httpName, int udpCode) {
        this.httpName = httpName;
        this.udpCode = udpCode;
    }

    /** The value of the HTTP {@code event} parameter; empty for {@link #NONE} (the parameter is left out). */
    public String httpName() {
        return httpName;
    }

    /** The event field of a UDP announce. */
    public int udpCode() {
        return udpCode;
    }
}
