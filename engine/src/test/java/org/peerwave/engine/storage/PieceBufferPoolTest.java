package org.peerwave.engine.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PieceBufferPoolTest {

    @Test
    void neverAllocatesMoreThanItsCapacityAndReusesReleasedArrays() {
        PieceBufferPool pool = new PieceBufferPool(3 * 1000);
        byte[] a = pool.acquire(1000);
        byte[] b = pool.acquire(1000);
        byte[] c = pool.acquire(1000);
        assertThat(a).hasSize(1000);
        assertThat(pool.acquire(1000)).as("full").isNull();
        assertThat(pool.inUse()).isEqualTo(3000);
        pool.release(b);
        assertThat(pool.inUse()).isEqualTo(2000);
        assertThat(pool.acquire(1000)).as("the released array again").isSameAs(b);
        pool.release(a);
        pool.release(c);
        assertThat(pool.allocated()).isEqualTo(3000);
    }

    @Test
    void dropsKeptArraysOfAnotherSizeToMakeRoom() {
        PieceBufferPool pool = new PieceBufferPool(2000);
        byte[] small = pool.acquire(1000);
        byte[] other = pool.acquire(1000);
        pool.release(small);
        assertThat(pool.acquire(1500)).as("1000 in use + 1500 > 2000 even after dropping the kept array").isNull();
        pool.release(other);
        byte[] big = pool.acquire(1500);
        assertThat(big).hasSize(1500);
        assertThat(pool.allocated()).isLessThanOrEqualTo(2000);
        assertThat(pool.inUse()).isEqualTo(1500);
    }

    @Test
    void zeroCapacityHandsOutNothingAndBadArgumentsAreRefused() {
        assertThat(new PieceBufferPool(0).acquire(1)).isNull();
        assertThatThrownBy(() -> new PieceBufferPool(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PieceBufferPool(10).acquire(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theSettingHasASafeDefaultAndBounds() {
        assertThat(StorageSettings.defaults().pieceBufferMemory()).isEqualTo(32L << 20);
        assertThatThrownBy(() -> StorageSettings.builder().pieceBufferMemory(-1).build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> StorageSettings.builder().pieceBufferMemory(StorageSettings.MAX_PIECE_BUFFER_MEMORY + 1)
                .build()).isInstanceOf(IllegalArgumentException.class);
        try (StorageExecutors ex = new StorageExecutors(StorageSettings.builder().pieceBufferMemory(12345).build())) {
            assertThat(ex.pieceBuffers().capacity()).isEqualTo(12345);
        }
    }
}
