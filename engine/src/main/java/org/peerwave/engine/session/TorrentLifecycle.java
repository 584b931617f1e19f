package org.peerwave.engine.session;

import java.util.Objects;
import org.peerwave.engine.session.TorrentState.Checking;
import org.peerwave.engine.session.TorrentState.Downloading;
import org.peerwave.engine.session.TorrentState.DownloadingMetadata;
import org.peerwave.engine.session.TorrentState.Errored;
import org.peerwave.engine.session.TorrentState.Paused;
import org.peerwave.engine.session.TorrentState.Removed;
import org.peerwave.engine.session.TorrentState.Seeding;

/**
 * The torrent state machine: a pure function from (state, input) to the next state. Inputs that
 * make no sense in a state (metadata arriving twice, a check finishing after a pause) leave the
 * state as it is, because they come from the network or from work that raced with the user;
 * only inputs after {@link Removed} are programming errors. See STATE.md.
 */
public final class TorrentLifecycle {

    /** What can happen to a torrent. */
    public sealed interface Input {
        /** The info dictionary arrived and verified (magnets). */
        record MetadataReceived() implements Input {
        }

        /** A check of the data on disk finished. */
        record CheckFinished(boolean allWantedComplete) implements Input {
        }

        /** The last wanted piece verified. */
        record WantedComplete() implements Input {
        }

        /** Something wanted is missing again (more files selected, a piece failed a recheck). */
        record WantedIncomplete() implements Input {
        }

        record PauseRequested() implements Input {
        }

        record ResumeRequested() implements Input {
        }

        record RecheckRequested() implements Input {
        }

        record Failed(String reason) implements Input {
            public Failed {
                Objects.requireNonNull(reason);
            }
        }

        record RemoveRequested() implements Input {
        }
    }

    private TorrentState state;

    public TorrentLifecycle(TorrentState initial) {
        this.state = Objects.requireNonNull(initial);
    }

    /** A torrent added from a .torrent file starts by checking; one added from a magnet by fetching metadata. */
    public static TorrentLifecycle forNewTorrent(boolean hasMetadata, boolean startPaused) {
        TorrentState first = hasMetadata ? new Checking() : new DownloadingMetadata();
        return new TorrentLifecycle(startPaused ? new Paused(first) : first);
    }

    public TorrentState state() {
        return state;
    }

    /** Applies an input; returns true when the state changed. */
    public boolean apply(Input input) {
        TorrentState next = next(state, input);
        boolean changed = !next.equals(state);
        state = next;
        return changed;
    }

    /** The transition function. */
    public static TorrentState next(TorrentState s, Input in) {
        if (s instanceof Removed) {
            throw new IllegalStateException("the torrent was removed; cannot apply " + in);
        }
        return switch (in) {
            case Input.RemoveRequested r -> new Removed();
            case Input.Failed f -> new Errored(f.reason());
            case Input.PauseRequested p -> s.isActive() || s instanceof Checking ? new Paused(s) : s;
            case Input.ResumeRequested r -> switch (s) {
                case Paused p -> p.resumeTo();
                case Errored e -> new Checking();
                default -> s;
            };
            case Input.RecheckRequested r -> switch (s) {
                case DownloadingMetadata m -> s; // nothing to check yet
                case Paused p when p.resumeTo() instanceof DownloadingMetadata -> s;
                case Paused p -> new Paused(new Checking());
                default -> new Checking();
            };
            case Input.MetadataReceived m -> switch (s) {
                case DownloadingMetadata d -> new Checking();
                case Paused p when p.resumeTo() instanceof DownloadingMetadata -> new Paused(new Checking());
                default -> s;
            };
            case Input.CheckFinished c -> s instanceof Checking
                    ? (c.allWantedComplete() ? new Seeding() : new Downloading()) : s;
            case Input.WantedComplete w -> switch (s) {
                case Downloading d -> new Seeding();
                case Paused p when p.resumeTo() instanceof Downloading -> new Paused(new Seeding());
                default -> s;
            };
            case Input.WantedIncomplete w -> switch (s) {
                case Seeding d -> new Downloading();
                case Paused p when p.resumeTo() instanceof Seeding -> new Paused(new Downloading());
                default -> s;
            };
        };
    }
}
