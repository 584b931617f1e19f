package org.peerwave.engine.dht;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.peerwave.engine.bencode.BDictionary;
import org.peerwave.engine.bencode.BString;

class KrpcCodecTest {

    private static final KrpcCodec CODEC = new KrpcCodec(1500);
    private static final String ID = "abcdefghij0123456789";

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void decodesTheBep5PingQuery() {
        KrpcMessage m = CODEC.decode(b("d1:ad2:id20:" + ID + "e1:q4:ping1:t2:aa1:y1:qe"));
        assertThat(m).isInstanceOf(KrpcMessage.Query.class);
        KrpcMessage.Query q = (KrpcMessage.Query) m;
        assertThat(q.method()).isEqualTo("ping");
        assertThat(q.sender()).isEqualTo(NodeId.of(b(ID)));
        assertThat(q.transactionId()).isEqualTo(b("aa"));
        assertThat(q.readOnly()).isFalse();
        assertThat(q.args().isEmpty()).isTrue();
    }

    @Test
    void decodesResponsesErrorsAndTheReadOnlyFlag() {
        KrpcMessage r = CODEC.decode(b("d1:rd2:id20:mnopqrstuvwxyz123456e1:t2:aa1:y1:re"));
        assertThat(r).isInstanceOf(KrpcMessage.Response.class);
        KrpcMessage e = CODEC.decode(b("d1:eli201e23:A Generic Error Ocurrede1:t2:aa1:y1:ee"));
        assertThat(e).isEqualTo(e);
        assertThat(((KrpcMessage.Error) e).code()).isEqualTo(201);
        assertThat(((KrpcMessage.Error) e).message()).isEqualTo("A Generic Error Ocurred");
        KrpcMessage.Query ro = (KrpcMessage.Query) CODEC.decode(
                b("d1:ad2:id20:" + ID + "e1:q4:ping2:roi1e1:t2:aa1:y1:qe"));
        assertThat(ro.readOnly()).isTrue();
    }

    @Test
    void roundTripsEveryMessageType() {
        NodeId own = NodeId.random(new Random(1));
        BDictionary args = BDictionary.builder().put("info_hash", new byte[20]).put("port", 6881).build();
        KrpcMessage.Query q = new KrpcMessage.Query(b("xy"), "announce_peer", own, args, true);
        KrpcMessage.Query q2 = (KrpcMessage.Query) CODEC.decode(KrpcCodec.encode(q, own));
        assertThat(q2.method()).isEqualTo("announce_peer");
        assertThat(q2.args()).isEqualTo(args);
        assertThat(q2.readOnly()).isTrue();
        assertThat(q2.sender()).isEqualTo(own);

        InetSocketAddress requester = new InetSocketAddress("127.0.0.9", 4000);
        KrpcMessage.Response r = new KrpcMessage.Response(b("xy"), own,
                BDictionary.builder().put("token", "tok").build(), requester);
        KrpcMessage.Response r2 = (KrpcMessage.Response) CODEC.decode(KrpcCodec.encode(r, own));
        assertThat(r2.values()).isEqualTo(r.values());
        assertThat(r2.requester()).isEqualTo(requester);

        KrpcMessage.Error e = new KrpcMessage.Error(b("xy"), 204, "Method Unknown");
        KrpcMessage.Error e2 = (KrpcMessage.Error) CODEC.decode(KrpcCodec.encode(e, own));
        assertThat(e2.code()).isEqualTo(204);
        assertThat(e2.message()).isEqualTo("Method Unknown");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",                                              // empty
        "d1:ad2:id20:abcdefghij0123456789e1:q4:ping",   // truncated
        "li1ei2ee",                                      // not a dictionary
        "d1:y1:qe",                                      // no transaction id
        "d1:ti5e1:y1:qe",                                // transaction id of the wrong type
        "d1:t2:aa1:y1:xe",                               // unknown type
        "d1:t2:aa1:y1:q1:q4:pinge",                      // query without arguments
        "d1:ad2:id3:abce1:q4:ping1:t2:aa1:y1:qe",        // short id
        "d1:ai5e1:q4:ping1:t2:aa1:y1:qe",                // arguments of the wrong type
        "d1:ad2:id20:abcdefghij0123456789e1:qi1e1:t2:aa1:y1:qe", // method of the wrong type
        "d1:rd1:xi1ee1:t2:aa1:y1:re",                    // response without id
        "d1:ei201e1:t2:aa1:y1:ee",                       // error that is not a list
        "d1:t2:aa1:t2:bb1:y1:qe",                        // duplicate key
        "d1:t999999999:aa1:y1:qe",                       // string length past the end
        "dddddddddddddddddddddddddddddddddddddddddddeeeeeeeeeeeeeeeeeeeeeeeeee", // nesting
    })
    void rejectsMalformedInputWithAProtocolError(String input) {
        assertThatThrownBy(() -> CODEC.decode(b(input)))
                .isInstanceOf(KrpcException.class)
                .satisfies(e -> assertThat(((KrpcException) e).code()).isEqualTo(KrpcException.PROTOCOL));
    }

    @Test
    void aBadQueryKeepsItsTransactionIdForTheErrorAnswer() {
        KrpcException e = (KrpcException) org.assertj.core.api.Assertions.catchThrowable(
                () -> CODEC.decode(b("d1:ad2:id3:abce1:q4:ping1:t2:zz1:y1:qe")));
        assertThat(e.queryTransactionId()).isEqualTo(b("zz"));
        KrpcException r = (KrpcException) org.assertj.core.api.Assertions.catchThrowable(
                () -> CODEC.decode(b("d1:rd1:xi1ee1:t2:aa1:y1:re")));
        assertThat(r.queryTransactionId()).isNull();
    }

    @Test
    void refusesOversizedPacketsBeforeParsing() {
        byte[] big = new byte[1501];
        assertThatThrownBy(() -> CODEC.decode(big)).isInstanceOf(KrpcException.class).hasMessageContaining("larger");
        assertThatThrownBy(() -> new KrpcCodec(10)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void randomGarbageNeverEscapesAsAnotherException() {
        Random r = new Random(42);
        byte[] valid = b("d1:ad2:id20:" + ID + "6:target20:" + ID + "e1:q9:find_node1:t2:aa1:y1:qe");
        for (int i = 0; i < 20_000; i++) {
            byte[] x = valid.clone();
            int flips = 1 + r.nextInt(4);
            for (int f = 0; f < flips; f++) {
                x[r.nextInt(x.length)] = (byte) r.nextInt(256);
            }
            int len = r.nextInt(x.length + 1);
            try {
                CODEC.decode(x, 0, len);
            } catch (KrpcException expected) {
                // fine
            }
        }
        assertThat(BString.of("ok").utf8()).isEqualTo("ok");
    }
}
