package org.peerwave.app.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

import org.peerwave.app.instance.InstanceClient;
import org.peerwave.app.instance.InstanceHandler.TorrentSummary;
import org.peerwave.app.instance.InstanceSocket;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code peerwave list}: the torrents of the running Peerwave window. */
@Command(
        name = "list",
        mixinStandardHelpOptions = true,
        usageHelpAutoWidth = true,
        description = {
            "List the torrents of the running Peerwave window: info hash, state, progress and name.",
            "",
            "It asks the window over a local socket that only your user can reach; when no window is"
                    + " running it says so and exits with status 1.",
            "",
        })
final class ListCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--json", description = "Print a JSON array instead of a table.")
    boolean json;

    @Override
    public Integer call() {
        Optional<List<TorrentSummary>> torrents;
        try {
            torrents = InstanceClient.list(InstanceSocket.current());
        } catch (IOException e) {
            throw new CliException(e.getMessage(), e);
        }
        if (torrents.isEmpty()) {
            throw new CliException("Peerwave is not running (start it with: peerwave)");
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            List<Object> rows = new ArrayList<>();
            for (TorrentSummary t : torrents.get()) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("name", t.name());
                row.put("infoHash", t.infoHash());
                row.put("state", t.state());
                row.put("progress", String.format(Locale.ROOT, "%.4f", t.progress()));
                rows.add(row);
            }
            out.println(Json.write(rows));
            return 0;
        }
        if (torrents.get().isEmpty()) {
            out.println("No torrents.");
            return 0;
        }
        for (TorrentSummary t : torrents.get()) {
            out.printf(Locale.ROOT, "%-40s  %-12s %5.1f%%  %s%n", t.infoHash(), t.state(), t.progress() * 100, t.name());
        }
        return 0;
    }
}
