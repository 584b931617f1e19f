package org.peerwave.engine.dht;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** BEP 44: the official test vectors, RFC 8032's first Ed25519 vector, and the store's put rules. */
class DhtItemsTest {

    private static final HexFormat HEX = HexFormat.of();
    private static final byte[] VALUE = "12:Hello World!".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PK = HEX.parseHex("77ff84905a91936367c01360803104f92432fcd904a43511876df5cdf3e7e548");

    @Test
    void bep44Test1Mutable() {
        byte[] buffer = DhtItems.signatureBuffer(new byte[0], 1, VALUE);
        assertThat(new String(buffer, StandardCharsets.US_ASCII)).isEqualTo("3:seqi1e1:v12:Hello World!");
        assertThat(HEX.formatHex(DhtItems.mutableTarget(PK, new byte[0])))
                .isEqualTo("4a533d47ec9c7d95b1ad75f576cffc641853b750");
        byte[] sig = HEX.parseHex("305ac8aeb6c9c151fa120f120ea2cfb923564e11552d06a5d856091e5e853cff"
                + "1260d3f39e4999684aa92eb73ffd136e6f4f3ecbfda0ce53a1608ecd7ae21f01");
        assertThat(DhtItems.verify(PK, sig, buffer)).isTrue();
        sig[5] ^= 1;
        assertThat(DhtItems.verify(PK, sig, buffer)).isFalse();
    }

    @Test
    void bep44Test2MutableWithSalt() {
        byte[] salt = "foobar".getBytes(StandardCharsets.US_ASCII);
        byte[] buffer = DhtItems.signatureBuffer(salt, 1, VALUE);
        assertThat(new String(buffer, StandardCharsets.US_ASCII))
                .isEqualTo("4:salt6:foobar3:seqi1e1:v12:Hello World!");
        assertThat(HEX.formatHex(DhtItems.mutableTarget(PK, salt))).isEqualTo("411eba73b6f087ca51a3795d9c8c938d365e32c1");
        byte[] sig = HEX.parseHex("6834284b6b24c3204eb2fea824d82f88883a3d95e8b4a21b8c0ded553d17d17d"
                + "df9a8a7104b1258f30bed3787e6cb896fca78c58f8e03b5f18f14951a87d9a08");
        assertThat(DhtItems.verify(PK, sig, buffer)).isTrue();
        assertThat(DhtItems.verify(PK, sig, DhtItems.signatureBuffer(salt, 2, VALUE))).as("another seq").isFalse();
    }

    @Test
    void bep44Test3Immutable() {
        assertThat(HEX.formatHex(DhtItems.immutableTarget(VALUE))).isEqualTo("e5f96f6f38320f0f33959cb4d3d656452117aadb");
    }

    @Test
    void keysFromSeedsSignAsRfc8032Says() {
        DhtItems.KeyPair k = DhtItems.KeyPair.fromSeed(
                HEX.parseHex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"));
        assertThat(HEX.formatHex(k.publicKey())).isEqualTo("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
        assertThat(HEX.formatHex(k.sign(new byte[0]))).isEqualTo("e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155"
                + "5fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b");
        DhtItems.KeyPair r = DhtItems.KeyPair.random();
        byte[] buffer = DhtItems.signatureBuffer(new byte[0], 7, VALUE);
        assertThat(DhtItems.verify(r.publicKey(), r.sign(buffer), buffer)).isTrue();
        assertThat(DhtItems.verify(k.publicKey(), r.sign(buffer), buffer)).isFalse();
    }

    @Test
    void theStoreChecksSignaturesSeqCasAndSizes() {
        ItemStore store = new ItemStore(2, 1_000_000_000L);
        DhtItems.KeyPair k = DhtItems.KeyPair.random();
        byte[] salt = "s".getBytes(StandardCharsets.US_ASCII);
        byte[] v1 = "2:v1".getBytes(StandardCharsets.US_ASCII);
        byte[] v2 = "2:v2".getBytes(StandardCharsets.US_ASCII);
        byte[] target = store.putMutable(v1, k.publicKey(), salt, 5, k.sign(DhtItems.signatureBuffer(salt, 5, v1)),
                null, 0);
        assertThat(store.get(target, 1).seq()).isEqualTo(5);
        assertThatThrownBy(() -> store.putMutable(v2, k.publicKey(), salt, 4,
                k.sign(DhtItems.signatureBuffer(salt, 4, v2)), null, 2)).isInstanceOfSatisfying(KrpcException.class,
                        e -> assertThat(e.code()).isEqualTo(DhtItems.SEQ_TOO_LOW));
        assertThatThrownBy(() -> store.putMutable(v2, k.publicKey(), salt, 6,
                k.sign(DhtItems.signatureBuffer(salt, 6, v2)), 4L, 2)).isInstanceOfSatisfying(KrpcException.class,
                        e -> assertThat(e.code()).isEqualTo(DhtItems.CAS_MISMATCH));
        assertThatThrownBy(() -> store.putMutable(v2, k.publicKey(), salt, 6,
                k.sign(DhtItems.signatureBuffer(salt, 7, v2)), null, 2)).isInstanceOfSatisfying(KrpcException.class,
                        e -> assertThat(e.code()).isEqualTo(DhtItems.INVALID_SIGNATURE));
        assertThatThrownBy(() -> store.putMutable(v2, k.publicKey(), new byte[65], 6, new byte[64], null, 2))
                .isInstanceOfSatisfying(KrpcException.class, e -> assertThat(e.code()).isEqualTo(DhtItems.SALT_TOO_BIG));
        assertThatThrownBy(() -> store.putImmutable(new byte[1001], 2))
                .isInstanceOfSatisfying(KrpcException.class, e -> assertThat(e.code()).isEqualTo(DhtItems.VALUE_TOO_BIG));
        store.putMutable(v2, k.publicKey(), salt, 6, k.sign(DhtItems.signatureBuffer(salt, 6, v2)), 5L, 3);
        assertThat(store.get(target, 4).value()).isEqualTo(v2);
        // capacity 2: a third item pushes out the oldest; items expire after the ttl
        byte[] i1 = store.putImmutable(VALUE, 5);
        store.putImmutable("1:x".getBytes(StandardCharsets.US_ASCII), 6);
        assertThat(store.size()).isEqualTo(2);
        assertThat(store.get(target, 7)).isNull();
        assertThat(store.get(i1, 2_000_000_000L)).as("expired").isNull();
    }
}
