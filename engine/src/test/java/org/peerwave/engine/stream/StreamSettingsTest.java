package org.peerwave.engine.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class StreamSettingsTest {

    @Test
    void defaultsAreSafe() {
        StreamSettings d = StreamSettings.DEFAULT;
        assertThat(d.readTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(d.readAheadTime()).isEqualTo(Duration.ofSeconds(10));
        assertThat(d.minReadAheadPieces()).isEqualTo(4);
        assertThat(d.maxReadAheadPieces()).isEqualTo(64);
        assertThat(d.readBufferSize()).isEqualTo(1 << 20);
        assertThat(d.toBuilder().build()).isEqualTo(d);
    }

    @Test
    void theWindowFollowsTheReadRateBetweenItsBounds() {
        StreamSettings s = StreamSettings.builder().readAheadTime(Duration.ofSeconds(4)).minReadAheadPieces(2)
                .maxReadAheadPieces(10).build();
        assertThat(s.windowPieces(0, 1000)).isEqualTo(2);
        assertThat(s.windowPieces(1000, 1000)).isEqualTo(4);
        assertThat(s.windowPieces(1500, 1000)).isEqualTo(6);
        assertThat(s.windowPieces(1e9, 1000)).isEqualTo(10);
    }

    @Test
    void badValuesAreRefused() {
        assertThatThrownBy(() -> StreamSettings.builder().readTimeout(Duration.ZERO).build())
                .hasMessageContaining("readTimeout");
        assertThatThrownBy(() -> StreamSettings.builder().readAheadTime(Duration.ofSeconds(-1)).build())
                .hasMessageContaining("readAheadTime");
        assertThatThrownBy(() -> StreamSettings.builder().minReadAheadPieces(0).build())
                .hasMessageContaining("minReadAheadPieces");
        assertThatThrownBy(() -> StreamSettings.builder().minReadAheadPieces(8).maxReadAheadPieces(7).build())
                .hasMessageContaining("maxReadAheadPieces");
        assertThatThrownBy(() -> StreamSettings.builder().readBufferSize(-1).build())
                .hasMessageContaining("readBufferSize");
        assertThatThrownBy(() -> StreamSettings.builder().readBufferSize(StreamSettings.MAX_READ_BUFFER_SIZE + 1).build())
                .hasMessageContaining("readBufferSize");
        assertThat(StreamSettings.builder().readBufferSize(0).build().readBufferSize()).isZero();
    }
}
