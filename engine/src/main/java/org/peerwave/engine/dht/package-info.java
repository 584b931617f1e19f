/**
 * The mainline DHT (BEP 5, with BEP 32 IPv6, BEP 42 node id checks and BEP 43 read-only mode):
 * KRPC messages and their codec ({@link org.peerwave.engine.dht.KrpcCodec}), the Kademlia routing
 * table ({@link org.peerwave.engine.dht.RoutingTable}), iterative lookups
 * ({@link org.peerwave.engine.dht.Lookup}) and the UDP node ({@link org.peerwave.engine.dht.DhtNode},
 * one per address family, combined by {@link org.peerwave.engine.dht.Dht}).
 *
 * <p>Protocol decisions live in plain classes tests drive without sockets; the node only frames,
 * routes transactions and applies limits. New query types (BEP 44 get/put) are added by registering a
 * handler with {@link org.peerwave.engine.dht.DhtNode#registerHandler} and sending with
 * {@link org.peerwave.engine.dht.DhtNode#query}.
 */
package org.peerwave.engine.dht;
