package org.peerwave.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.peerwave.engine.session.EngineSettings;
import picocli.CommandLine;

/** {@code --no-pex} and {@code --no-lsd}: both on unless given. */
class PeerOptionsTest {

    private static EngineSettings parse(String... args) {
        PeerOptions o = new PeerOptions();
        new CommandLine(o).parseArgs(args);
        return o.settings().build();
    }

    @Test
    void pexAndLsdAreOnUnlessTurnedOff() {
        EngineSettings plain = parse();
        assertThat(plain.pexEnabled()).isTrue();
        assertThat(plain.lsdEnabled()).isTrue();
        EngineSettings off = parse("--no-pex", "--no-lsd");
        assertThat(off.pexEnabled()).isFalse();
        assertThat(off.lsdEnabled()).isFalse();
        assertThat(CliTest.offline("seed", "x")).contains("--no-lsd", "--no-dht");
    }
}
