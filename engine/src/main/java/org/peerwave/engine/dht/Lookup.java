package org.peerwave.engine.dht;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The state of one iterative Kademlia lookup (find_node or get_peers), without sockets: its owner
 * asks {@link #next()} for nodes to query, reports each answer ({@link #responded}) or time-out
 * ({@link #failed}), and stops when {@link #isDone()}.
 *
 * <p>At most {@code alpha} queries are in flight; only the {@code k} closest candidates that have not
 * failed are ever queried, so the lookup converges: it is done when nothing is in flight and each of
 * those {@code k} has answered, or after {@code maxQueries}. Candidates without a known id (bootstrap
 * routers) count as farthest. Peers and write tokens collected along the way are kept.
 */
public final class Lookup {

    private enum State { NEW, IN_FLIGHT, RESPONDED, FAILED }

    private static final class Candidate {
        final NodeId id; // null for a router of unknown id
        final InetSocketAddress address;
        State state = State.NEW;
        byte[] token;

        Candidate(NodeId id, InetSocketAddress address) {
            this.id = id;
            this.address = address;
        }
    }

    private final NodeId target;
    private final int k;
    private final int alpha;
    private final int maxQueries;
    private final Map<InetSocketAddress, Candidate> candidates = new HashMap<>();
    private final Set<InetSocketAddress> peers = new LinkedHashSet<>();
    private int inFlight;
    private int queries;
    private int responses;

    public Lookup(NodeId target, int k, int alpha, int maxQueries) {
        this.target = target;
        this.k = k;
        this.alpha = alpha;
        this.maxQueries = maxQueries;
    }

    public NodeId target() {
        return target;
    }

    /** Adds a known node as a candidate. */
    public void addCandidate(NodeInfo node) {
        candidates.putIfAbsent(node.address(), new Candidate(node.id(), node.address()));
    }

    /** Adds a node of unknown id (a bootstrap router). */
    public void addRouter(InetSocketAddress address) {
        candidates.putIfAbsent(address, new Candidate(null, address));
    }

    private int compare(Candidate a, Candidate b) {
        if (a.id == null || b.id == null) {
            return a.id == null ? (b.id == null ? 0 : 1) : -1;
        }
        return target.compareDistance(a.id, b.id);
    }

    /** The k closest candidates that have not failed, closest first. */
    private List<Candidate> closestLive() {
        List<Candidate> live = new ArrayList<>();
        for (Candidate c : candidates.values()) {
            if (c.state != State.FAILED) {
                live.add(c);
            }
        }
        live.sort(this::compare);
        return live.size() > k ? live.subList(0, k) : live;
    }

    /** Nodes to query now (each is then in flight); empty when enough are in flight or none is left. */
    public List<InetSocketAddress> next() {
        List<InetSocketAddress> out = new ArrayList<>();
        if (queries >= maxQueries) {
            return out;
        }
        for (Candidate c : closestLive()) {
            if (inFlight >= alpha || queries >= maxQueries) {
                break;
            }
            if (c.state == State.NEW) {
                c.state = State.IN_FLIGHT;
                inFlight++;
                queries++;
                out.add(c.address);
            }
        }
        return out;
    }

    /**
     * {@code address} answered as {@code id}, with {@code closer} nodes, {@code found} peers and a write
     * {@code token} (null when none).
     */
    public void responded(InetSocketAddress address, NodeId id, List<NodeInfo> closer,
                          List<InetSocketAddress> found, byte[] token) {
        Candidate c = candidates.get(address);
        if (c == null || c.state != State.IN_FLIGHT) {
            return;
        }
        inFlight--;
        responses++;
        Candidate answered = c;
        if (c.id == null || !c.id.equals(id)) {
            candidates.remove(address);
            answered = new Candidate(id, address);
            candidates.put(address, answered);
        }
        answered.state = State.RESPONDED;
        answered.token = token;
        for (NodeInfo n : closer) {
            addCandidate(n);
        }
        peers.addAll(found);
    }

    /** The query to {@code address} timed out or was answered with an error. */
    public void failed(InetSocketAddress address) {
        Candidate c = candidates.get(address);
        if (c == null || c.state != State.IN_FLIGHT) {
            return;
        }
        inFlight--;
        c.state = State.FAILED;
    }

    public boolean isDone() {
        if (inFlight > 0) {
            return false;
        }
        if (queries >= maxQueries) {
            return true;
        }
        for (Candidate c : closestLive()) {
            if (c.state == State.NEW) {
                return false;
            }
        }
        return true;
    }

    /** Peers known without asking (announced to us). */
    public void addPeers(List<InetSocketAddress> known) {
        peers.addAll(known);
    }

    /** Peers found so far (get_peers), in the order they came. */
    public List<InetSocketAddress> peers() {
        return List.copyOf(peers);
    }

    /** The k closest nodes that answered, closest first. */
    public List<NodeInfo> closestResponded() {
        List<NodeInfo> out = new ArrayList<>();
        for (Candidate c : closestLive()) {
            if (c.state == State.RESPONDED) {
                out.add(new NodeInfo(c.id, c.address));
            }
        }
        return out;
    }

    /** The k closest nodes that answered with a write token, and their tokens. */
    public Map<NodeInfo, byte[]> tokens() {
        Map<NodeInfo, byte[]> out = new java.util.LinkedHashMap<>();
        for (Candidate c : closestLive()) {
            if (c.state == State.RESPONDED && c.token != null) {
                out.put(new NodeInfo(c.id, c.address), c.token);
            }
        }
        return out;
    }

    public int queries() {
        return queries;
    }

    public int responses() {
        return responses;
    }

    public int inFlight() {
        return inFlight;
    }
}
