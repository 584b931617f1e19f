package org.peerwave.engine.dht;

import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

import org.peerwave.engine.bencode.BDictionary;
import org.peerwave.engine.bencode.BValue;

/**
 * A KRPC message (BEP 5): a query, a response or an error, each with its transaction id. Query
 * arguments and response values stay a bencoded dictionary (the {@code id} taken out), so that new
 * query types (BEP 44 {@code get}/{@code put}) need no change here; typed accessors check fields.
 */
public sealed interface KrpcMessage permits KrpcMessage.Query, KrpcMessage.Response, KrpcMessage.Error {

    /** Longest transaction id accepted. */
    int MAX_TRANSACTION_ID = 32;

    byte[] transactionId();

    /**
     * A query {@code method} from node {@code sender}.
     *
     * @param readOnly BEP 43 {@code ro=1}: the sender does not answer queries; keep it out of routing tables
     */
    record Query(byte[] transactionId, String method, NodeId sender, BDictionary args, boolean readOnly)
            implements KrpcMessage {
        public Query {
            Objects.requireNonNull(method, "method");
            Objects.requireNonNull(sender, "sender");
            Objects.requireNonNull(args, "args");
            transactionId = checkTid(transactionId);
        }

        /** A 20-byte argument as an id (target, info_hash), or a protocol error. */
        public NodeId idArg(String key) {
            return KrpcFields.id(args, key, "argument");
        }

        @Override
        public String toString() {
            return "Query[" + method + " t=" + hex(transactionId) + " from " + sender + "]";
        }
    }

    /**
     * A response from node {@code sender}.
     *
     * @param requester BEP 42 {@code ip}: our address as the responder saw it, or null
     */
    record Response(byte[] transactionId, NodeId sender, BDictionary values, InetSocketAddress requester)
            implements KrpcMessage {
        public Response {
            Objects.requireNonNull(sender, "sender");
            Objects.requireNonNull(values, "values");
            transactionId = checkTid(transactionId);
        }

        public BValue get(String key) {
            return values.get(key);
        }

        @Override
        public String toString() {
            return "Response[t=" + hex(transactionId) + " from " + sender + "]";
        }
    }

    /** An error answer. */
    record Error(byte[] transactionId, int code, String message) implements KrpcMessage {
        public Error {
            Objects.requireNonNull(message, "message");
            transactionId = checkTid(transactionId);
        }

        @Override
        public String toString() {
            return "Error[t=" + hex(transactionId) + " " + code + " " + message + "]";
        }
    }

    private static byte[] checkTid(byte[] tid) {
        Objects.requireNonNull(tid, "transactionId");
        if (tid.length > MAX_TRANSACTION_ID) {
            throw new IllegalArgumentException("transaction id longer than " + MAX_TRANSACTION_ID + " bytes");
        }
        return tid.clone();
    }

    private static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    /** True when the two transaction ids are equal. */
    static boolean sameTid(byte[] a, byte[] b) {
        return Arrays.equals(a, b);
    }
}
