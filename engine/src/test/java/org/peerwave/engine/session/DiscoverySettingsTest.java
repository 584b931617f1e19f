package org.peerwave.engine.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DiscoverySettingsTest {

    @Test
    void defaultsFollowTheBeps() {
        DiscoverySettings d = DiscoverySettings.DEFAULTS;
        assertThat(d.pexEnabled()).isTrue();
        assertThat(d.pexInterval()).isEqualTo(Duration.ofMinutes(1));
        assertThat(d.pexMaxPeers()).isEqualTo(50);
        assertThat(d.lsdEnabled()).isFalse();
        assertThat(d.lsdInterval()).isEqualTo(Duration.ofMinutes(5));
        assertThat(d.lsdMinGap()).isEqualTo(Duration.ofMinutes(1));
        assertThat(d.lsdPort()).isEqualTo(6771);
        EngineSettings e = EngineSettings.builder().pexEnabled(false).lsdEnabled(true).build();
        assertThat(e.pexEnabled()).isFalse();
        assertThat(e.lsdEnabled()).isTrue();
        assertThat(e.toBuilder().build().discovery()).isEqualTo(e.discovery());
    }

    @Test
    void rejectsOutOfRangeValues() {
        assertThatThrownBy(() -> DiscoverySettings.builder().pexInterval(Duration.ofMillis(10)).build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DiscoverySettings.builder().pexMaxPeers(0).build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DiscoverySettings.builder().lsdMinGap(Duration.ofMinutes(10)).build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DiscoverySettings.builder().lsdMaxPeersPerMinute(0).build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DiscoverySettings.builder().lsdPort(0).build())
                .isInstanceOf(IllegalArgumentException.class);
    }
}
