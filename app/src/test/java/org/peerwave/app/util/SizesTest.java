package org.peerwave.app.util;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SizesTest {

    @Test
    void binaryUnits() {
        assertThat(Sizes.bytes(0)).isEqualTo("0 B");
        assertThat(Sizes.bytes(1023)).isEqualTo("1023 B");
        assertThat(Sizes.bytes(1024)).isEqualTo("1 KiB");
        assertThat(Sizes.bytes(1536)).isEqualTo("1.50 KiB");
        assertThat(Sizes.bytes(16 * 1024)).isEqualTo("16 KiB");
        assertThat(Sizes.bytes(123_457)).isEqualTo("121 KiB");
        assertThat(Sizes.bytes(3_123_460)).isEqualTo("2.98 MiB");
        assertThat(Sizes.bytes(2L << 30)).isEqualTo("2 GiB");
        assertThat(Sizes.bytes(Long.MAX_VALUE)).isEqualTo("8 EiB");
        assertThat(Sizes.rate(1_572_864)).isEqualTo("1.50 MiB/s");
    }
}
