package org.peerwave.engine.dht;

/**
 * A KRPC message that cannot be accepted, with the BEP 5 error code to answer with (201 generic,
 * 202 server, 203 protocol, 204 method unknown).
 */
public final class KrpcException extends RuntimeException {

    public static final int GENERIC = 201;
    public static final int SERVER = 202;
    public static final int PROTOCOL = 203;
    public static final int METHOD_UNKNOWN = 204;

    private final int code;
    private final byte[] queryTransactionId;

    public KrpcException(int code, String message) {
        this(code, message, (byte[]) null);
    }

    /** An invalid query whose transaction id is known: it can be answered with an error. */
    public KrpcException(int code, String message, byte[] queryTransactionId) {
        super(message);
        this.code = code;
        this.queryTransactionId = queryTransactionId == null ? null : queryTransactionId.clone();
    }

    public KrpcException(int code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
        this.queryTransactionId = null;
    }

    /** The transaction id of the invalid query (to answer with an error), or null. */
    public byte[] queryTransactionId() {
        return queryTransactionId == null ? null : queryTransactionId.clone();
    }

    public int code() {
        return code;
    }
}
