package org.peerwave.engine.session;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Which settings {@link Engine#applySettings} can change while the engine runs. Every other field of
 * {@link EngineSettings} (the listener, peer id, threads, storage, resume directory, event queue,
 * wire limits, piece picker, and any field added later) needs a new engine: a change to one of
 * them is refused as a whole, so that settings are never half-applied.
 */
public final class SettingsChange {

    /**
     * Applied at once: engine-wide rate limits (the shared buckets), the choker (every torrent
     * re-evaluates), the connection limits per torrent and engine-wide (new connections; open ones
     * are kept), the ban threshold (next hash failure), the connect time-out (next dial) and the
     * resume save interval (next tick).
     */
    public static final Set<String> RUNTIME = Set.of("rateLimits", "choker", "maxConnectionsPerTorrent",
            "maxConnections", "banAfterHashFailures", "connectTimeout", "resumeSaveInterval");

    private SettingsChange() {
    }

    /** The names of the fields that differ between the two and need a restart (empty when none does). */
    public static List<String> needingRestart(EngineSettings now, EngineSettings next) {
        Objects.requireNonNull(now, "now");
        Objects.requireNonNull(next, "next");
        List<String> out = new ArrayList<>();
        for (RecordComponent c : EngineSettings.class.getRecordComponents()) {
            if (RUNTIME.contains(c.getName())) {
                continue;
            }
            try {
                if (!Objects.equals(c.getAccessor().invoke(now), c.getAccessor().invoke(next))) {
                    out.add(c.getName());
                }
            } catch (IllegalAccessException | InvocationTargetException e) {
                throw new IllegalStateException("cannot read setting " + c.getName(), e);
            }
        }
        return out;
    }
}
