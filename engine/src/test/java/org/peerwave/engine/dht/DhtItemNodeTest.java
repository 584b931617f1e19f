package org.peerwave.engine.dht;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioDatagramChannel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.peerwave.engine.bencode.BDictionary;
import org.peerwave.engine.bencode.BString;
import org.peerwave.engine.bencode.BValue;
import org.peerwave.engine.bencode.Bencode;

/** BEP 44 get and put answered by a node (127.0.0.171) to another (127.0.0.172) over KRPC. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DhtItemNodeTest {

    static EventLoopGroup group;

    @BeforeAll
    static void loops() {
        group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    }

    @AfterAll
    static void stop() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }

    private static DhtNode node(String ip) throws Exception {
        return DhtNode.start(group, NioDatagramChannel.class, new InetSocketAddress(InetAddress.getByName(ip), 0),
                DhtSettings.builder().bootstrap(List.of()).queryTimeout(Duration.ofSeconds(2)).build());
    }

    private static KrpcMessage.Response call(DhtNode from, DhtNode to, String method, BDictionary args)
            throws Exception {
        return from.query(to.localAddress(), method, args).get(5, TimeUnit.SECONDS);
    }

    private static int errorCode(ThrowingCall c) {
        try {
            c.run();
            throw new AssertionError("no error");
        } catch (ExecutionException e) {
            return ((KrpcException) e.getCause()).code();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @FunctionalInterface
    interface ThrowingCall {
        void run() throws Exception;
    }

    @Test
    void storesAndServesImmutableAndMutableItems() throws Exception {
        try (DhtNode server = node("127.0.0.171"); DhtNode client = node("127.0.0.172")) {
            BValue v = BString.of("Hello World!");
            byte[] target = DhtItems.immutableTarget(Bencode.encode(v));
            KrpcMessage.Response first = call(client, server, "get", BDictionary.builder().put("target", target).build());
            assertThat(first.get("v")).isNull();
            byte[] token = ((BString) first.get("token")).bytes();
            call(client, server, "put", BDictionary.builder().put("token", token).put("v", v).build());
            assertThat(call(client, server, "get", BDictionary.builder().put("target", target).build()).get("v"))
                    .isEqualTo(v);

            DhtItems.KeyPair key = DhtItems.KeyPair.random();
            byte[] salt = "peerwave".getBytes(StandardCharsets.US_ASCII);
            byte[] mTarget = DhtItems.mutableTarget(key.publicKey(), salt);
            BValue v1 = BString.of("state 1");
            BDictionary put = BDictionary.builder().put("token", token).put("v", v1).put("k", key.publicKey())
                    .put("salt", salt).put("seq", 1)
                    .put("sig", key.sign(DhtItems.signatureBuffer(salt, 1, Bencode.encode(v1)))).build();
            call(client, server, "put", put);
            KrpcMessage.Response got = call(client, server, "get", BDictionary.builder().put("target", mTarget).build());
            assertThat(got.get("v")).isEqualTo(v1);
            assertThat(((BString) got.get("k")).bytes()).isEqualTo(key.publicKey());
            assertThat(DhtItems.verify(key.publicKey(), ((BString) got.get("sig")).bytes(),
                    DhtItems.signatureBuffer(salt, 1, Bencode.encode(got.get("v"))))).isTrue();
            // the asker already has seq 1: no v
            assertThat(call(client, server, "get", BDictionary.builder().put("target", mTarget).put("seq", 1).build())
                    .get("v")).isNull();
            // stale seq, bad signature, bad token: refused with the BEP 44 / KRPC codes
            BValue v0 = BString.of("state 0");
            BDictionary stale = BDictionary.builder().put("token", token).put("v", v0).put("k", key.publicKey())
                    .put("salt", salt).put("seq", 0)
                    .put("sig", key.sign(DhtItems.signatureBuffer(salt, 0, Bencode.encode(v0)))).build();
            assertThat(errorCode(() -> call(client, server, "put", stale))).isEqualTo(DhtItems.SEQ_TOO_LOW);
            BDictionary forged = BDictionary.builder().put("token", token).put("v", v0).put("k", key.publicKey())
                    .put("salt", salt).put("seq", 2).put("sig", new byte[64]).build();
            assertThat(errorCode(() -> call(client, server, "put", forged))).isEqualTo(DhtItems.INVALID_SIGNATURE);
            assertThat(errorCode(() -> call(client, server, "put", BDictionary.builder().put("token", new byte[8])
                    .put("v", v).build()))).isEqualTo(KrpcException.PROTOCOL);
        }
    }
}
