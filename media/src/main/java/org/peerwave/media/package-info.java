/**
 * The media player: vlcj (libvlc) reading a torrent file straight from its seekable channel
 * ({@link org.peerwave.media.ChannelMedia}), with no HTTP hop. {@link org.peerwave.media.TorrentPlayer}
 * is the player the app's view drives; {@link org.peerwave.media.LibVlc} says whether libvlc is here.
 * No JavaFX in this module: the app supplies the video surface.
 */
package org.peerwave.media;
