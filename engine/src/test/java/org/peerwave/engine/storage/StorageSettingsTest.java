package org.peerwave.engine.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class StorageSettingsTest {

    @Test
    void defaults() {
        StorageSettings s = StorageSettings.defaults();
        assertThat(s.diskThreads()).isEqualTo(4);
        assertThat(s.hashThreads()).isBetween(1, 8);
        assertThat(s.openFileLimit()).isEqualTo(64);
        assertThat(s.allocation()).isEqualTo(StorageSettings.Allocation.SPARSE);
        assertThat(s.writeMode()).isEqualTo(StorageSettings.WriteMode.WRITE_BEHIND);
        assertThat(s.checkParallelism()).isEqualTo(4);
        assertThat(s.toBuilder().build()).isEqualTo(s);
    }

    @Test
    void validation() {
        assertThatThrownBy(() -> StorageSettings.builder().diskThreads(0).build()).hasMessageContaining("diskThreads");
        assertThatThrownBy(() -> StorageSettings.builder().hashThreads(0).build()).hasMessageContaining("hashThreads");
        assertThatThrownBy(() -> StorageSettings.builder().openFileLimit(0).build())
                .hasMessageContaining("openFileLimit");
        assertThatThrownBy(() -> StorageSettings.builder().checkParallelism(0).build())
                .hasMessageContaining("checkParallelism");
        assertThatThrownBy(() -> StorageSettings.builder().allocation(null).build())
                .isInstanceOf(IllegalArgumentException.class);
    }
}
