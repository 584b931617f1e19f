package org.peerwave.engine.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.peerwave.engine.wire.WireTestSupport.golden;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.peerwave.engine.bencode.BInteger;
import org.peerwave.engine.bencode.BString;

/** BEP 10: the extended handshake and the extension registry. */
class ExtensionProtocolTest {

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void decodesLibtorrentsHandshakeKeepsUnknownKeysAndEncodesItBackIdentically() {
        byte[] fixture = golden("ext-handshake-libtorrent");
        ExtendedHandshake h = ExtendedHandshake.decode(fixture, WireLimits.DEFAULT);
        assertThat(h.m()).containsEntry("ut_metadata", 2).containsEntry("ut_pex", 1).containsEntry("lt_donthave", 7)
                .hasSize(6);
        assertThat(h.client()).isEqualTo("libtorrent/2.0.8.0");
        assertThat(h.requestQueue()).isEqualTo(500);
        assertThat(h.metadataSize()).isEqualTo(22205);
        assertThat(h.yourIp()).isEqualTo(new byte[] {127, 0, 0, 1});
        assertThat(h.port()).isNull();
        assertThat(h.extra()).containsEntry(BString.of("upload_only"), BInteger.of(1))
                .containsEntry(BString.of("complete_ago"), BInteger.of(-1)).hasSize(2);
        assertThat(h.encode()).isEqualTo(fixture);
        assertThat(ExtendedHandshake.decode(h.encode(), WireLimits.DEFAULT)).isEqualTo(h);
    }

    @Test
    void roundTripsEveryField() {
        ExtendedHandshake h = ExtendedHandshake.of(Map.of("ut_metadata", 1, "x_custom", 200)).withClient("Peerwave 0.1")
                .withPort(6881).withRequestQueue(250).withYourIp(new byte[16]).withMetadataSize(12345);
        assertThat(ExtendedHandshake.decode(h.encode(), WireLimits.DEFAULT)).isEqualTo(h);
        assertThat(h.idOf("x_custom")).isEqualTo(200);
        assertThat(h.idOf("ut_pex")).isZero();
    }

    @Test
    void advisoryFieldsThatAreMalformedAreDroppedAndZeroIdsMeanDisabled() {
        ExtendedHandshake h = ExtendedHandshake.decode(
                ascii("d1:md6:ut_pexi0e11:ut_metadatai3e3:badi300e4:oops3:abce1:pi70000e4:reqqi-1e1:vi5e6:yourip3:abce"),
                WireLimits.DEFAULT);
        assertThat(h.m()).containsOnlyKeys("ut_metadata");
        assertThat(h.port()).isNull();
        assertThat(h.requestQueue()).isNull();
        assertThat(h.client()).isNull();
        assertThat(h.yourIp()).isNull();
        assertThat(ExtendedHandshake.decode(ascii("de"), WireLimits.DEFAULT).m()).isEmpty();
    }

    @Test
    void invalidHandshakesAreRefused() {
        WireLimits limits = WireLimits.DEFAULT;
        assertThatThrownBy(() -> ExtendedHandshake.decode(ascii("li1ee"), limits)).isInstanceOf(PeerWireException.class)
                .hasMessageContaining("not a dictionary");
        assertThatThrownBy(() -> ExtendedHandshake.decode(ascii("d1:m"), limits)).isInstanceOf(PeerWireException.class)
                .hasMessageContaining("not bencode");
        assertThatThrownBy(() -> ExtendedHandshake.decode(ascii("d13:metadata_size3:abce"), limits))
                .isInstanceOf(PeerWireException.class).hasMessageContaining("not an integer");
        assertThatThrownBy(() -> ExtendedHandshake.decode(ascii("d13:metadata_sizei-1ee"), limits))
                .isInstanceOf(PeerWireException.class).hasMessageContaining("metadata_size -1");
    }

    @Test
    void metadataSizeAboveTheCapIsRefused() {
        int cap = WireLimits.DEFAULT.maxMetadataSize();
        assertThat(cap).isEqualTo(30 * 1024 * 1024);
        assertThat(ExtendedHandshake.decode(ascii("d13:metadata_sizei" + cap + "ee"), WireLimits.DEFAULT).metadataSize())
                .isEqualTo(cap);
        assertThatThrownBy(() -> ExtendedHandshake.decode(ascii("d13:metadata_sizei" + (cap + 1) + "ee"),
                WireLimits.DEFAULT)).isInstanceOf(PeerWireException.class).hasMessageContaining("outside 0..31457280");
        WireLimits small = WireLimits.DEFAULT.withMaxMetadataSize(1000);
        assertThatThrownBy(() -> ExtendedHandshake.decode(ascii("d13:metadata_sizei1001ee"), small))
                .isInstanceOf(PeerWireException.class);
    }

    /** Records what an extension instance sees. */
    static final class Recording implements PeerExtension {
        final String name;
        final ExtensionContext context;
        final List<String> events = new ArrayList<>();

        Recording(String name, ExtensionContext context) {
            this.name = name;
            this.context = context;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public void onHandshake(ExtendedHandshake theirs, boolean supported) {
            events.add("handshake supported=" + supported);
        }

        @Override
        public void onMessage(byte[] payload) {
            events.add("message " + new String(payload, StandardCharsets.US_ASCII));
        }

        @Override
        public void onClose() {
            events.add("closed");
        }
    }

    static PeerExtensionFactory factory(String name, Map<String, Recording> made) {
        return new PeerExtensionFactory() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public PeerExtension create(ExtensionContext context) {
                Recording r = new Recording(name, context);
                made.put(name, r);
                return r;
            }
        };
    }

    @Test
    void twoSidesNegotiateDifferentIdsAndMessagesReachTheRightInstance() {
        Map<String, Recording> a = new LinkedHashMap<>();
        Map<String, Recording> b = new LinkedHashMap<>();
        // Different registration orders: the ids each side assigns differ.
        ExtensionRegistry left = ExtensionRegistry.of(factory("x_alpha", a), factory("x_beta", a), factory("x_left", a));
        ExtensionRegistry right = ExtensionRegistry.of(factory("x_beta", b), factory("x_alpha", b));
        assertThat(left.localIds()).containsExactly(Map.entry("x_alpha", 1), Map.entry("x_beta", 2), Map.entry("x_left", 3));
        assertThat(right.localIds()).containsExactly(Map.entry("x_beta", 1), Map.entry("x_alpha", 2));

        List<PeerMessage.Extended> leftToRight = new ArrayList<>();
        List<PeerMessage.Extended> rightToLeft = new ArrayList<>();
        ExtensionRegistry.Connection l = left.open(WireLimits.DEFAULT, leftToRight::add, r -> { });
        ExtensionRegistry.Connection r = right.open(WireLimits.DEFAULT, rightToLeft::add, x -> { });

        assertThat(a.get("x_alpha").context.send("x_alpha", ascii("early"))).as("before the handshake").isFalse();
        l.sendHandshake(ExtendedHandshake.of(Map.of()).withClient("left"));
        r.sendHandshake(ExtendedHandshake.of(Map.of()).withClient("right"));
        assertThat(leftToRight).singleElement().extracting(PeerMessage.Extended::extendedId).isEqualTo(0);
        leftToRight.forEach(r::onMessage);
        rightToLeft.forEach(l::onMessage);
        leftToRight.clear();
        rightToLeft.clear();
        assertThat(l.remoteHandshake().client()).isEqualTo("right");
        assertThat(a.get("x_left").events).containsExactly("handshake supported=false");
        assertThat(b.get("x_alpha").events).containsExactly("handshake supported=true");

        assertThat(a.get("x_alpha").context.send("x_alpha", ascii("hello alpha"))).isTrue();
        assertThat(a.get("x_beta").context.send("x_beta", ascii("hello beta"))).isTrue();
        assertThat(a.get("x_left").context.send("x_left", ascii("nobody"))).isFalse();
        assertThat(leftToRight).extracting(PeerMessage.Extended::extendedId).containsExactly(2, 1);
        leftToRight.forEach(r::onMessage);
        assertThat(b.get("x_alpha").events).containsExactly("handshake supported=true", "message hello alpha");
        assertThat(b.get("x_beta").events).containsExactly("handshake supported=true", "message hello beta");

        r.onMessage(new PeerMessage.Extended(77, ascii("unknown id is ignored")));
        r.close();
        assertThat(b.get("x_beta").events).last().isEqualTo("closed");
    }

    @Test
    void registryRefusesDuplicates() {
        Map<String, Recording> a = new LinkedHashMap<>();
        assertThatThrownBy(() -> ExtensionRegistry.of(factory("x", a), factory("x", a)))
                .hasMessageContaining("registered twice");
    }

    @Test
    void utMetadataExtensionAdvertisesMetadataSize() {
        byte[] info = ascii("d4:name1:xe");
        ExtensionRegistry reg = ExtensionRegistry.of(UtMetadataExtension.factory(() -> new MetadataServer(info), null,
                WireLimits.DEFAULT, x -> { }));
        List<PeerMessage.Extended> sent = new ArrayList<>();
        ExtendedHandshake h = reg.open(WireLimits.DEFAULT, sent::add, x -> { })
                .sendHandshake(ExtendedHandshake.of(Map.of()));
        assertThat(h.metadataSize()).isEqualTo(info.length);
        assertThat(h.m()).containsExactly(Map.entry("ut_metadata", 1));
        assertThat(ExtendedHandshake.decode(sent.getFirst().payload(), WireLimits.DEFAULT)).isEqualTo(h);
    }

    /** A factory of extensions that do nothing (to shift the ids). */
    record Dummy(String name) implements PeerExtensionFactory {
        @Override
        public PeerExtension create(ExtensionContext context) {
            return new Recording(name, context);
        }
    }
}
