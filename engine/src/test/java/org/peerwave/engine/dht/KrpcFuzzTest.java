package org.peerwave.engine.dht;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.NotNull;
import org.peerwave.engine.bencode.BString;
import org.peerwave.engine.bencode.BValue;

/**
 * Fuzz target for KRPC packets: the codec, and the compact node and peer lists a response carries.
 * Without {@code JAZZER_FUZZ} it replays the seeds in
 * {@code src/test/resources/org/peerwave/engine/dht/KrpcFuzzTestInputs/fuzz/}; the build's
 * {@code fuzz-krpc} execution fuzzes it for a short while.
 *
 * <p>Property: decoding returns a message or throws {@link KrpcException} with a one-line message;
 * nothing else escapes; a decoded message encodes and decodes again to the same kind and transaction id.
 */
class KrpcFuzzTest {

    private static final KrpcCodec CODEC = new KrpcCodec(1500);
    private static final NodeId OWN = NodeId.of(new byte[20]);

    @FuzzTest(maxDuration = "15s")
    @DictionaryEntries({"d", "l", "e", "i", "1:t", "1:y", "1:q", "1:r", "1:a", "1:e", "2:id", "20:", "2:ro",
        "4:ping", "9:find_node", "9:get_peers", "13:announce_peer", "6:target", "9:info_hash", "5:nodes", "6:nodes6",
        "6:values", "5:token", "4:port", "12:implied_port", "2:ip", "26:", "38:", "6:"})
    void fuzz(byte @NotNull [] input) {
        KrpcMessage m;
        try {
            m = CODEC.decode(input);
        } catch (KrpcException expected) {
            assertThat(expected.getMessage()).isNotBlank().doesNotContain("\n");
            return;
        }
        KrpcMessage again = CODEC.decode(KrpcCodec.encode(m, OWN));
        assertThat(again.getClass()).isEqualTo(m.getClass());
        assertThat(again.transactionId()).isEqualTo(m.transactionId());
        if (m instanceof KrpcMessage.Response r) {
            for (String key : new String[] {"nodes", "nodes6"}) {
                BValue v = r.values().get(key);
                if (v instanceof BString s) {
                    try {
                        assertThat(CompactNodes.decodeNodes(s.bytes(), key.equals("nodes6"))).isNotNull();
                    } catch (KrpcException expected) {
                        assertThat(expected.getMessage()).isNotBlank();
                    }
                }
            }
        }
    }
}
