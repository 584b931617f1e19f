package org.peerwave.app.cli;

import org.peerwave.app.AppInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** The top-level {@code peerwave} command; without a subcommand it prints its help. */
@Command(
        name = AppInfo.COMMAND,
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        sortOptions = false,
        usageHelpAutoWidth = true,
        synopsisSubcommandLabel = "[COMMAND]",
        description = {
            "A desktop BitTorrent and WebTorrent client.",
            "",
            "Without a command, opens the Peerwave window (when there is a display).",
        },
        subcommands = {InfoCommand.class, CreateCommand.class, MagnetCommand.class, DownloadCommand.class,
            SeedCommand.class, StreamCommand.class, ListCommand.class, WarmUpCommand.class, HelpCommand.class},
        commandListHeading = "%nCommands:%n",
        footerHeading = "%nExamples:%n",
        footer = {
            "  peerwave                                     open the window",
            "  peerwave info ubuntu.torrent                 show what a torrent holds",
            "  peerwave info --json ubuntu.torrent          the same, as JSON",
            "  peerwave create ./photos -o photos.torrent   make a hybrid (v1+v2) torrent",
            "  peerwave magnet ubuntu.torrent               print its magnet link",
            "  peerwave seed ./photos --port 6881           seed a folder (prints its magnet link)",
            "  peerwave download a.torrent -o ~/Downloads --peer 192.0.2.7:6881",
            "  peerwave stream a.torrent                    stream its largest video (prints the URL)",
            "  peerwave 'magnet:?xt=urn:btih:...'           open it in the window (the running one if any)",
            "  peerwave list                                the running window's torrents",
        })
final class PeerwaveCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Option(names = "--verbose", scope = ScopeType.INHERIT,
            description = "Log what happens to stderr, and show the stack trace of an error.")
    boolean verbose;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
