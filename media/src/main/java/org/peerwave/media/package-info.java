/**
 * The media player: a vlcj player that reads from a torrent file's seekable channel.
 * Filled by the streaming issue; this module exists so the module directions hold from day one.
 */
package org.peerwave.media;
