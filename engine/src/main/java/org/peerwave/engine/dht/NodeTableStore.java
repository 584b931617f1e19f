package org.peerwave.engine.dht;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;

import org.peerwave.engine.bencode.BDictionary;
import org.peerwave.engine.bencode.BString;
import org.peerwave.engine.bencode.BencodeDecoder;
import org.peerwave.engine.bencode.BencodeEncoder;
import org.peerwave.engine.bencode.BencodeLimits;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node id and routing table kept across restarts: a bencoded file {@code {id, nodes, nodes6}}
 * (compact node info), written atomically (temporary file, fsync, rename). A missing or unreadable
 * file gives nothing (the node then starts fresh).
 */
public final class NodeTableStore {

    private static final Logger LOG = LoggerFactory.getLogger(NodeTableStore.class);
    private static final BencodeDecoder DECODER = new BencodeDecoder(new BencodeLimits(1 << 20, 4, 64));

    /** What a file held. */
    public record Saved(NodeId id, List<NodeInfo> nodes) {
    }

    private NodeTableStore() {
    }

    public static void save(Path file, NodeId id, List<NodeInfo> nodes) throws IOException {
        byte[] data = BencodeEncoder.encode(BDictionary.builder()
                .put("id", id.bytes())
                .put("nodes", CompactNodes.encodeNodes(nodes, false))
                .put("nodes6", CompactNodes.encodeNodes(nodes, true))
                .build());
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = dir.resolve(file.getFileName() + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ch.write(java.nio.ByteBuffer.wrap(data));
            ch.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** The saved id and nodes, or null when there is no usable file. */
    public static Saved load(Path file) {
        if (file == null || !Files.isRegularFile(file)) {
            return null;
        }
        try {
            BDictionary d = DECODER.decodeDictionary(Files.readAllBytes(file));
            NodeId id = KrpcFields.id(d, "id", "field");
            List<NodeInfo> nodes = new java.util.ArrayList<>();
            BString v4 = KrpcFields.optionalString(d, "nodes", "field");
            BString v6 = KrpcFields.optionalString(d, "nodes6", "field");
            if (v4 != null) {
                nodes.addAll(CompactNodes.decodeNodes(v4.bytes(), false));
            }
            if (v6 != null) {
                nodes.addAll(CompactNodes.decodeNodes(v6.bytes(), true));
            }
            return new Saved(id, nodes);
        } catch (IOException | RuntimeException e) {
            LOG.warn("ignoring the DHT state file {}: {}", file, e.getMessage());
            return null;
        }
    }
}
