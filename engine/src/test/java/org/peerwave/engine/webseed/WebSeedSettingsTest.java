package org.peerwave.engine.webseed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class WebSeedSettingsTest {

    @Test
    void defaultsAreSafe() {
        WebSeedSettings d = WebSeedSettings.DEFAULTS;
        assertThat(d.enabled()).isTrue();
        assertThat(d.maxConnections()).isEqualTo(2);
        assertThat(d.requestSize()).isEqualTo(4 * 1024 * 1024);
        assertThat(d.failureLimit()).isEqualTo(3);
        assertThat(d.retryBase()).isEqualTo(Duration.ofSeconds(5));
        assertThat(d.retryMax()).isEqualTo(Duration.ofMinutes(5));
        assertThat(WebSeedSettings.builder().build()).isEqualTo(d);
    }

    @Test
    void retryDelayDoublesUpToTheMaximum() {
        WebSeedSettings s = WebSeedSettings.builder().retryBase(Duration.ofSeconds(2)).retryMax(Duration.ofSeconds(30))
                .build();
        assertThat(s.retryDelay(0)).isEqualTo(Duration.ZERO);
        assertThat(s.retryDelay(1)).isEqualTo(Duration.ofSeconds(2));
        assertThat(s.retryDelay(2)).isEqualTo(Duration.ofSeconds(4));
        assertThat(s.retryDelay(4)).isEqualTo(Duration.ofSeconds(16));
        assertThat(s.retryDelay(5)).isEqualTo(Duration.ofSeconds(30));
        assertThat(s.retryDelay(1000)).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void retryAfterIsClampedToTheMaximum() {
        WebSeedSettings s = WebSeedSettings.builder().retryMax(Duration.ofSeconds(60)).build();
        assertThat(s.clampRetryAfter(Duration.ofSeconds(3))).isEqualTo(Duration.ofSeconds(3));
        assertThat(s.clampRetryAfter(Duration.ofDays(1))).isEqualTo(Duration.ofSeconds(60));
        assertThat(s.clampRetryAfter(Duration.ofSeconds(-5))).isEqualTo(Duration.ZERO);
    }

    @Test
    void invalidValuesAreRefused() {
        assertThatThrownBy(() -> WebSeedSettings.builder().maxConnections(0).build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> WebSeedSettings.builder().maxConnections(33).build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> WebSeedSettings.builder().requestSize(10_000).build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> WebSeedSettings.builder().requestSize(128 * 1024 * 1024).build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> WebSeedSettings.builder().failureLimit(0).build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> WebSeedSettings.builder().maxWebSeeds(-1).build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> WebSeedSettings.builder().retryBase(Duration.ofMinutes(10))
                .retryMax(Duration.ofMinutes(1)).build()).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> WebSeedSettings.builder().stallTimeout(Duration.ZERO).build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> WebSeedSettings.builder().userAgent("a\nb").build())
                .isInstanceOf(IllegalArgumentException.class);
    }
}
