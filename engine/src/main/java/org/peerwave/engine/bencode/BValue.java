package org.peerwave.engine.bencode;

/**
 * A bencoded value (BEP 3): an integer, a byte string, a list or a dictionary.
 * Values are immutable; build dictionaries with {@link BDictionary#builder()}.
 */
public sealed interface BValue permits BInteger, BString, BList, BDictionary {

    /** A short human name of the type, for error messages ("integer", "string", "list", "dictionary"). */
    default String typeName() {
        return switch (this) {
            case BInteger i -> "integer";
            case BString s -> "string";
            case BList l -> "list";
            case BDictionary d -> "dictionary";
        };
    }
}
