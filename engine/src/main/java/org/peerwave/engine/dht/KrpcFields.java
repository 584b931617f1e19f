package org.peerwave.engine.dht;

import org.peerwave.engine.bencode.BDictionary;
import org.peerwave.engine.bencode.BInteger;
import org.peerwave.engine.bencode.BList;
import org.peerwave.engine.bencode.BString;
import org.peerwave.engine.bencode.BValue;

/** Typed reads of KRPC dictionary fields; a missing or mistyped field is a protocol error (203). */
final class KrpcFields {

    private KrpcFields() {
    }

    static NodeId id(BDictionary d, String key, String what) {
        BString s = string(d, key, what);
        if (s.length() != NodeId.LENGTH) {
            throw new KrpcException(KrpcException.PROTOCOL, what + " '" + key + "' must have 20 bytes, not "
                    + s.length());
        }
        return NodeId.of(s.bytes());
    }

    static BString string(BDictionary d, String key, String what) {
        BValue v = d.get(key);
        if (v instanceof BString s) {
            return s;
        }
        throw wrongType(key, what, v, "string");
    }

    static BString optionalString(BDictionary d, String key, String what) {
        BValue v = d.get(key);
        if (v == null || v instanceof BString) {
            return (BString) v;
        }
        throw wrongType(key, what, v, "string");
    }

    static long integer(BDictionary d, String key, String what) {
        BValue v = d.get(key);
        if (v instanceof BInteger i) {
            return i.value();
        }
        throw wrongType(key, what, v, "integer");
    }

    static long optionalInteger(BDictionary d, String key, String what, long otherwise) {
        BValue v = d.get(key);
        if (v == null) {
            return otherwise;
        }
        if (v instanceof BInteger i) {
            return i.value();
        }
        throw wrongType(key, what, v, "integer");
    }

    static BList optionalList(BDictionary d, String key, String what) {
        BValue v = d.get(key);
        if (v == null || v instanceof BList) {
            return (BList) v;
        }
        throw wrongType(key, what, v, "list");
    }

    static BDictionary dictionary(BDictionary d, String key, String what) {
        BValue v = d.get(key);
        if (v instanceof BDictionary x) {
            return x;
        }
        throw wrongType(key, what, v, "dictionary");
    }

    private static KrpcException wrongType(String key, String what, BValue v, String expected) {
        return new KrpcException(KrpcException.PROTOCOL, v == null ? "missing " + what + " '" + key + "'"
                : what + " '" + key + "' must be a " + expected + ", not a " + v.typeName());
    }
}
