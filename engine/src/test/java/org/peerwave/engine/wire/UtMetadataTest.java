package org.peerwave.engine.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.peerwave.engine.wire.WireTestSupport.golden;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.peerwave.engine.metainfo.InfoHash;
import org.peerwave.engine.metainfo.InfoHashes;

/** BEP 9: message codec, assembler, server, and the extension between two registries. */
class UtMetadataTest {

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    static byte[] infoDict(int size) {
        // a syntactically valid info-like dictionary of exactly `size` bytes
        String head = "d4:name";
        int n = size - head.length() - 1;
        String len = Integer.toString(n - 1);
        while ((len.length() + 1 + Integer.parseInt(len)) != n) {
            len = Integer.toString(Integer.parseInt(len) - 1);
        }
        byte[] body = new byte[Integer.parseInt(len)];
        new Random(size).nextBytes(body);
        byte[] out = new byte[size];
        byte[] h = ascii(head + len + ":");
        System.arraycopy(h, 0, out, 0, h.length);
        System.arraycopy(body, 0, out, h.length, body.length);
        out[size - 1] = 'e';
        return out;
    }

    static InfoHashes hashes(byte[] info) throws Exception {
        return new InfoHashes(InfoHash.v1(MessageDigest.getInstance("SHA-1").digest(info)),
                InfoHash.v2(MessageDigest.getInstance("SHA-256").digest(info)));
    }

    @Test
    void goldenDataMessageDecodesWithItsTrailingBytesAndEncodesBack() {
        byte[] fixture = golden("ut-metadata-data");
        UtMetadataMessage m = UtMetadataMessage.decode(fixture, 1000).orElseThrow();
        assertThat(m).isEqualTo(new UtMetadataMessage.Data(0, 3, ascii("abc")));
        assertThat(UtMetadataMessage.encode(m)).isEqualTo(fixture);
    }

    @Test
    void roundTripsRequestAndReject() {
        for (UtMetadataMessage m : List.of(new UtMetadataMessage.Request(5), new UtMetadataMessage.Reject(0),
                new UtMetadataMessage.Data(2, 40000, new byte[16384]))) {
            assertThat(UtMetadataMessage.decode(UtMetadataMessage.encode(m), 1 << 20)).contains(m);
        }
        assertThat(new String(UtMetadataMessage.encode(new UtMetadataMessage.Request(1)), StandardCharsets.US_ASCII))
                .isEqualTo("d8:msg_typei0e5:piecei1ee");
        assertThat(UtMetadataMessage.decode(ascii("d8:msg_typei9e5:piecei1ee"), 100)).as("unknown type ignored").isEmpty();
    }

    @Test
    void invalidMessagesAreRefused() {
        for (String bad : List.of("", "d8:msg_typei0ee", "d5:piecei1ee", "d8:msg_typei0e5:piecei-1ee", "li1ee",
                "d8:msg_typei1e5:piecei0ee", "d8:msg_typei1e5:piecei0e10:total_sizei0ee", "d8:msg_typei0e5:piece")) {
            assertThatThrownBy(() -> UtMetadataMessage.decode(ascii(bad), 1000)).as(bad)
                    .isInstanceOf(PeerWireException.class);
        }
        assertThatThrownBy(() -> UtMetadataMessage.decode(ascii("d8:msg_typei1e5:piecei0e10:total_sizei1001ee"), 1000))
                .isInstanceOf(PeerWireException.class).hasMessageContaining("total_size 1001 outside 1..1000");
        byte[] tooBig = new byte[16385 + 60];
        byte[] dict = ascii("d8:msg_typei1e5:piecei0e10:total_sizei99999ee");
        System.arraycopy(dict, 0, tooBig, 0, dict.length);
        assertThatThrownBy(() -> UtMetadataMessage.decode(Arrays.copyOf(tooBig, dict.length + 16385), 1 << 20))
                .isInstanceOf(PeerWireException.class).hasMessageContaining("more than 16384");
    }

    @Test
    void assemblerCollectsPiecesInAnyOrderAndVerifiesBothHashes() throws Exception {
        byte[] info = infoDict(40000);
        MetadataServer server = new MetadataServer(info);
        MetadataAssembler asm = new MetadataAssembler(hashes(info), info.length, WireLimits.DEFAULT);
        assertThat(asm.pieceCount()).isEqualTo(3);
        assertThat(asm.pieceLength(2)).isEqualTo(40000 - 32768);
        List<Integer> asked = new ArrayList<>();
        for (OptionalInt p = asm.nextRequest(); p.isPresent(); p = asm.nextRequest()) {
            asked.add(p.getAsInt());
        }
        assertThat(asked).containsExactly(0, 1, 2);
        asm.requestFailed(1);
        assertThat(asm.nextRequest()).hasValue(1);
        MetadataAssembler.Result r = null;
        for (int p : new int[] {2, 0, 1}) {
            r = asm.accept((UtMetadataMessage.Data) server.respond(new UtMetadataMessage.Request(p)));
        }
        assertThat(r).isEqualTo(new MetadataAssembler.Result.Complete(info));
        assertThat(asm.isComplete()).isTrue();
    }

    @Test
    void aMismatchDiscardsEverythingAndStartsAgain() throws Exception {
        byte[] info = infoDict(20000);
        byte[] evil = info.clone();
        evil[100] ^= 1;
        MetadataAssembler asm = new MetadataAssembler(hashes(info), info.length, WireLimits.DEFAULT);
        MetadataServer bad = new MetadataServer(evil);
        MetadataServer good = new MetadataServer(info);
        asm.accept((UtMetadataMessage.Data) bad.respond(new UtMetadataMessage.Request(0)));
        assertThat(asm.accept((UtMetadataMessage.Data) bad.respond(new UtMetadataMessage.Request(1))))
                .isInstanceOf(MetadataAssembler.Result.HashMismatch.class);
        assertThat(asm.isComplete()).isFalse();
        assertThat(asm.nextRequest()).hasValue(0);
        assertThat(asm.accept((UtMetadataMessage.Data) good.respond(new UtMetadataMessage.Request(0))))
                .isEqualTo(new MetadataAssembler.Result.Incomplete(1, 2));
        assertThat(asm.accept((UtMetadataMessage.Data) good.respond(new UtMetadataMessage.Request(1))))
                .isEqualTo(new MetadataAssembler.Result.Complete(info));
    }

    @Test
    void assemblerRefusesPiecesThatDoNotFitAndSizesAboveTheCap() throws Exception {
        byte[] info = infoDict(20000);
        MetadataAssembler asm = new MetadataAssembler(hashes(info), info.length, WireLimits.DEFAULT);
        assertThatThrownBy(() -> asm.accept(new UtMetadataMessage.Data(0, 20001, new byte[16384])))
                .hasMessageContaining("total_size");
        assertThatThrownBy(() -> asm.accept(new UtMetadataMessage.Data(2, 20000, new byte[10])))
                .hasMessageContaining("out of range");
        assertThatThrownBy(() -> asm.accept(new UtMetadataMessage.Data(1, 20000, new byte[10])))
                .hasMessageContaining("has 10 bytes, expected 3616");
        WireLimits small = WireLimits.DEFAULT.withMaxMetadataSize(19999);
        assertThatThrownBy(() -> new MetadataAssembler(hashes(info), 20000, small))
                .isInstanceOf(PeerWireException.class).hasMessageContaining("outside 1..19999");
        assertThatThrownBy(() -> new MetadataAssembler(hashes(info), 0, WireLimits.DEFAULT))
                .isInstanceOf(PeerWireException.class);
    }

    @Test
    void serverRejectsWithoutMetadataAndOutOfRange() {
        assertThat(new MetadataServer(null).respond(new UtMetadataMessage.Request(0)))
                .isEqualTo(new UtMetadataMessage.Reject(0));
        assertThat(new MetadataServer(null).metadataSize()).isNull();
        assertThat(new MetadataServer(infoDict(100)).respond(new UtMetadataMessage.Request(1)))
                .isEqualTo(new UtMetadataMessage.Reject(1));
    }

    @Test
    void twoPeersExchangeMetadataThroughTheExtensionApi() throws Exception {
        byte[] info = infoDict(50000);
        AtomicReference<byte[]> got = new AtomicReference<>();
        ExtensionRegistry seederSide = ExtensionRegistry.of(
                new ExtensionProtocolTest.Dummy("x_first"),
                UtMetadataExtension.factory(() -> new MetadataServer(info), null, WireLimits.DEFAULT, x -> { }));
        ExtensionRegistry magnetSide = ExtensionRegistry.of(UtMetadataExtension.factory(
                () -> new MetadataServer(null), hashes(info), WireLimits.DEFAULT, got::set));
        List<PeerMessage.Extended> toMagnet = new ArrayList<>();
        List<PeerMessage.Extended> toSeeder = new ArrayList<>();
        ExtensionRegistry.Connection s = seederSide.open(WireLimits.DEFAULT, toMagnet::add, r -> { });
        ExtensionRegistry.Connection m = magnetSide.open(WireLimits.DEFAULT, toSeeder::add, r -> { });
        s.sendHandshake(ExtendedHandshake.of(Map.of()));
        m.sendHandshake(ExtendedHandshake.of(Map.of()));
        for (int round = 0; round < 20 && got.get() == null; round++) {
            List<PeerMessage.Extended> a = new ArrayList<>(toMagnet);
            List<PeerMessage.Extended> b = new ArrayList<>(toSeeder);
            toMagnet.clear();
            toSeeder.clear();
            a.forEach(m::onMessage);
            b.forEach(s::onMessage);
        }
        assertThat(got.get()).isEqualTo(info);
    }
}
