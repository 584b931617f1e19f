package org.peerwave.engine.tracker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What every real tracker must do with our clients, over HTTP and over UDP: a second peer is told
 * about the first, scrape counts them, {@code stopped} removes a peer, and {@link TrackerAnnouncer}
 * fails over from a dead tracker to the real one. Subclasses start the tracker on 127.0.0.1.
 */
@Timeout(60)
abstract class RealTrackerContract {

    static final TrackerSettings SETTINGS = TrackerSettings.builder().httpTimeout(Duration.ofSeconds(10))
            .udpRetransmitBase(Duration.ofMillis(500)).udpMaxRetransmits(3).build();

    /** Processes the subclass started; stopped after all tests. */
    static final List<Process> PROCESSES = new CopyOnWriteArrayList<>();

    TrackerClients clients;

    abstract int port();

    /** Whether this tracker honours {@code compact=0}. */
    abstract boolean supportsNonCompact();

    URI http() {
        return URI.create("http://127.0.0.1:" + port() + "/announce");
    }

    URI udp() {
        return URI.create("udp://127.0.0.1:" + port());
    }

    /** Info hashes the tests use (opentracker needs them on its whitelist before it starts). */
    static byte[] hash(String name) {
        try {
            return MessageDigest.getInstance("SHA-1").digest(name.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    static final List<String> HASH_NAMES = List.of("http", "udp", "non-compact", "failover", "ipv6-http",
            "ipv6-udp");

    static byte[] peerId(char who) {
        return ("-PW0100-testpeer000" + who).getBytes(StandardCharsets.US_ASCII);
    }

    static AnnounceRequest announce(String hashName, char who, int port, long left, AnnounceEvent event) {
        return AnnounceRequest.of(hash(hashName), peerId(who), port, 0, 0, left, event, 50, who);
    }

    @BeforeEach
    void createClients() {
        clients = TrackerClients.create(SETTINGS);
    }

    /** Log file of each started process. */
    static final java.util.Map<Process, Path> LOGS = new java.util.concurrent.ConcurrentHashMap<>();

    @AfterEach
    void closeClientsAndCheckTheTrackerIsAlive() throws IOException {
        clients.close();
        for (Process p : PROCESSES) {
            if (!p.isAlive()) {
                Path log = LOGS.get(p);
                throw new AssertionError("the tracker process exited during the test with code " + p.exitValue()
                        + " (" + p.info().commandLine().orElse("?") + "): "
                        + (log != null && Files.exists(log) ? Files.readString(log) : ""));
            }
        }
    }

    @AfterAll
    static void stopProcesses() throws InterruptedException {
        for (Process p : PROCESSES) {
            p.destroy();
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
        PROCESSES.clear();
        LOGS.clear();
    }

    @Test
    void overHttpTheSecondPeerGetsTheFirstScrapeCountsAndStoppedRemoves() {
        swarmScenario(http(), "http", 7101);
    }

    @Test
    void overUdpTheSecondPeerGetsTheFirstScrapeCountsAndStoppedRemoves() {
        swarmScenario(udp(), "udp", 7201);
    }

    private void swarmScenario(URI tracker, String hashName, int portA) {
        int portB = portA + 1;
        InetSocketAddress a = new InetSocketAddress("127.0.0.1", portA);
        InetSocketAddress b = new InetSocketAddress("127.0.0.1", portB);

        AnnounceResponse first = clients.announce(tracker, announce(hashName, 'A', portA, 0, AnnounceEvent.STARTED))
                .join();
        assertThat(first.interval()).isPositive();
        AnnounceResponse second = clients.announce(tracker,
                announce(hashName, 'B', portB, 1000, AnnounceEvent.STARTED)).join();
        assertThat(second.peers()).contains(a);
        assertThat(second.complete()).isEqualTo(1);
        assertThat(second.incomplete()).isEqualTo(1);

        ScrapeResponse scrape = clients.scrape(tracker, List.of(hash(hashName))).join();
        assertThat(scrape.get(hash(hashName))).hasValueSatisfying(s -> {
            assertThat(s.complete()).isEqualTo(1);
            assertThat(s.incomplete()).isEqualTo(1);
        });

        clients.announce(tracker, announce(hashName, 'A', portA, 0, AnnounceEvent.STOPPED)).join();
        AnnounceResponse after = clients.announce(tracker, announce(hashName, 'B', portB, 1000, AnnounceEvent.NONE))
                .join();
        assertThat(after.peers()).doesNotContain(a);
        assertThat(after.complete()).isZero();
        ScrapeResponse scrapeAfter = clients.scrape(tracker, List.of(hash(hashName))).join();
        assertThat(scrapeAfter.get(hash(hashName))).hasValueSatisfying(s -> {
            assertThat(s.complete()).isZero();
            assertThat(s.incomplete()).isEqualTo(1);
        });
        clients.announce(tracker, announce(hashName, 'B', portB, 1000, AnnounceEvent.STOPPED)).join();
        assertThat(b.getPort()).isEqualTo(portB);
    }

    @Test
    void nonCompactPeerListOverHttp() {
        if (!supportsNonCompact()) {
            return; // opentracker always answers compact; nothing to check there
        }
        clients.announce(http(), announce("non-compact", 'A', 7301, 0, AnnounceEvent.STARTED)).join();
        AnnounceResponse r = clients.announce(http(),
                announce("non-compact", 'B', 7302, 5, AnnounceEvent.STARTED).withCompact(false)).join();
        assertThat(r.peers()).contains(new InetSocketAddress("127.0.0.1", 7301));
    }

    @Test
    void announcerFailsOverFromADeadTrackerAndSendsStartedCompletedStopped() throws Exception {
        int dead;
        try (ServerSocket s = new ServerSocket(0)) {
            dead = s.getLocalPort();
        }
        // tier 1: a dead HTTP tracker; tier 2: the real tracker over UDP and HTTP
        TrackerTiers tiers = new TrackerTiers(List.of(List.of("http://127.0.0.1:" + dead + "/announce"),
                List.of(udp().toString(), http().toString())), RandomGenerator.of("L64X128MixRandom"),
                Duration.ZERO);
        List<String> log = new CopyOnWriteArrayList<>();
        long[] left = {1000};
        TrackerAnnouncer announcer = new TrackerAnnouncer(tiers, clients,
                announce("failover", 'C', 7401, 1000, AnnounceEvent.NONE),
                () -> new TrackerAnnouncer.Transfer(0, 1000 - left[0], left[0]), InstantSource.system(), SETTINGS,
                new TrackerAnnouncer.Listener() {
                    @Override
                    public void onAnnounce(String url, AnnounceEvent event, AnnounceResponse response) {
                        log.add("ok " + event + " " + url);
                    }

                    @Override
                    public void onFailure(String url, AnnounceEvent event, TrackerException error) {
                        log.add("fail " + event + " " + url);
                    }
                });
        // a peer already in the swarm
        clients.announce(http(), announce("failover", 'D', 7402, 0, AnnounceEvent.STARTED)).join();

        announcer.start();
        announcer.poll().get(30, TimeUnit.SECONDS);
        String working = announcer.workingTracker().orElseThrow();
        assertThat(log.getFirst()).startsWith("fail STARTED http://127.0.0.1:" + dead);
        assertThat(log.get(1)).isEqualTo("ok STARTED " + working);
        assertThat(tiers.tiers().get(1).getFirst()).isEqualTo(working);

        left[0] = 0;
        announcer.completed();
        announcer.poll().get(30, TimeUnit.SECONDS);
        assertThat(log.getLast()).isEqualTo("ok COMPLETED " + working);
        ScrapeResponse s = clients.scrape(URI.create(working), List.of(hash("failover"))).join();
        assertThat(s.get(hash("failover")).orElseThrow().complete()).isEqualTo(2);

        announcer.stop().get(30, TimeUnit.SECONDS);
        assertThat(log.getLast()).isEqualTo("ok STOPPED " + working);
        ScrapeResponse s2 = clients.scrape(URI.create(working), List.of(hash("failover"))).join();
        assertThat(s2.get(hash("failover")).orElseThrow().complete()).isEqualTo(1);
    }

    // ---- helpers for subclasses ----

    /** A port free for both TCP and UDP on 127.0.0.1. */
    static int freePort() throws IOException {
        for (int i = 0; i < 50; i++) {
            try (ServerSocket tcp = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
                int port = tcp.getLocalPort();
                try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress("127.0.0.1", port))) {
                    return port;
                } catch (IOException taken) {
                    // try another
                }
            }
        }
        throw new IOException("no free TCP+UDP port");
    }

    /**
     * Starts a tracker process with its output in a log file. Under coreutils {@code timeout} it
     * cannot outlive the test run by more than 5 minutes, even if this JVM dies without cleaning up.
     */
    static Process startProcess(List<String> command, Path dir) throws IOException {
        Files.createDirectories(dir);
        Path logFile = dir.resolve("tracker.log");
        List<String> full = new ArrayList<>();
        if (Files.isExecutable(Path.of("/usr/bin/timeout"))) {
            full.addAll(List.of("/usr/bin/timeout", "-k", "5", "300"));
        }
        full.addAll(command);
        Process p = new ProcessBuilder(full).directory(dir.toFile())
                .redirectErrorStream(true).redirectOutput(logFile.toFile()).start();
        PROCESSES.add(p);
        LOGS.put(p, logFile);
        return p;
    }

    /** Waits until the tracker answers a TCP connect and a UDP connect request, or fails. */
    static void awaitReady(Process p, int port, Path dir, Duration timeout) throws Exception {
        awaitReady(p, "127.0.0.1", port, dir, timeout);
    }

    /** Waits until the tracker answers a TCP connect and a UDP connect request on the host, or fails. */
    static void awaitReady(Process p, String host, int port, Path dir, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        boolean tcp = false;
        boolean udp = false;
        try (DatagramSocket probe = new DatagramSocket(new InetSocketAddress(host, 0))) {
            probe.setSoTimeout(100);
            while (!(tcp && udp)) {
                if (!p.isAlive()) {
                    throw new AssertionError("tracker exited with " + p.exitValue() + ": "
                            + Files.readString(dir.resolve("tracker.log")));
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("tracker not ready on port " + port + " after " + timeout + ": "
                            + Files.readString(dir.resolve("tracker.log")));
                }
                if (!tcp) {
                    try (Socket s = new Socket()) {
                        s.connect(new InetSocketAddress(host, port), 200);
                        tcp = true;
                    } catch (IOException notYet) {
                        Thread.sleep(50);
                        continue;
                    }
                }
                byte[] connect = ByteBuffer.allocate(16).putLong(0x41727101980L).putInt(0).putInt(42).array();
                probe.send(new DatagramPacket(connect, 16, new InetSocketAddress(host, port)));
                try {
                    DatagramPacket answer = new DatagramPacket(new byte[64], 64);
                    probe.receive(answer);
                    udp = answer.getLength() >= 16;
                } catch (SocketTimeoutException | java.net.PortUnreachableException notYet) {
                    // keep probing
                }
            }
        }
    }
}
