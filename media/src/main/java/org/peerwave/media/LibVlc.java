package org.peerwave.media;

import com.sun.jna.NativeLibrary;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import uk.co.caprica.vlcj.factory.discovery.NativeDiscovery;

/**
 * Finds libvlc once per process. Everything that touches vlcj first asks {@link #status()}: without
 * libvlc, vlcj's first call would throw a linkage error from deep inside JNA.
 */
public final class LibVlc {

    private static final Logger LOG = LoggerFactory.getLogger(LibVlc.class);
    private static volatile LibVlcStatus status;

    private LibVlc() {
    }

    /** libvlc's status, probed on the first call. */
    public static LibVlcStatus status() {
        LibVlcStatus s = status;
        if (s == null) {
            synchronized (LibVlc.class) {
                s = status;
                if (s == null) {
                    s = probe("vlc");
                    status = s;
                    LOG.info("media player: {}", s.describe());
                }
            }
        }
        return s;
    }

    /**
     * Probes for the native library {@code name} ("vlc" for libvlc): vlcj's discovery of the usual
     * install folders first, then the system's library path. Never throws.
     */
    static LibVlcStatus probe(String name) {
        try {
            if ("vlc".equals(name)) {
                new NativeDiscovery().discover();
            }
            NativeLibrary.getInstance(name);
            if (!"vlc".equals(name)) {
                return LibVlcStatus.found("(" + name + ")");
            }
            return LibVlcStatus.found(uk.co.caprica.vlcj.binding.lib.LibVlc.libvlc_get_version());
        } catch (LinkageError | RuntimeException e) {
            LOG.debug("libvlc probe for {} failed", name, e);
            return LibVlcStatus.missing("the library lib" + name + " was not found");
        }
    }
}
