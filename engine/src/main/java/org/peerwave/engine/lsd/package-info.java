/**
 * Local service discovery (BEP 14): {@code BT-SEARCH} announces over UDP multicast to
 * 239.192.152.143:6771 and [ff15::efc0:988f]:6771, so peers on the same network find each other
 * without a tracker or the DHT. {@link org.peerwave.engine.lsd.LsdAnnounce} is the packet format,
 * {@link org.peerwave.engine.lsd.LocalServiceDiscovery} the Netty service that sends and listens.
 */
package org.peerwave.engine.lsd;
