package org.peerwave.engine.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BitfieldTest {

    @Test
    void wireOrderIsHighBitFirst() {
        Bitfield b = new Bitfield(10);
        b.set(0);
        b.set(7);
        b.set(9);
        assertThat(b.toWire()).containsExactly(0x81, 0x40);
        assertThat(b.count()).isEqualTo(3);
        b.set(9);
        assertThat(b.count()).isEqualTo(3);
        b.clear(0);
        assertThat(b.toWire()).containsExactly(0x01, 0x40);
        assertThat(b.nextSet(0)).isEqualTo(7);
        assertThat(b.nextSet(8)).isEqualTo(9);
        assertThat(Bitfield.fromWire(b.toWire(), 10)).isEqualTo(b);
    }

    @Test
    void fromWireChecksLengthAndSpareBits() {
        assertThatThrownBy(() -> Bitfield.fromWire(new byte[3], 10)).hasMessageContaining("expected 2");
        assertThatThrownBy(() -> Bitfield.fromWire(new byte[1], 10)).hasMessageContaining("expected 2");
        assertThatThrownBy(() -> Bitfield.fromWire(new byte[] {0, 0x20}, 10)).hasMessageContaining("spare bits");
        assertThat(Bitfield.fromWire(new byte[] {(byte) 0xff, (byte) 0xc0}, 10).isComplete()).isTrue();
        assertThat(Bitfield.fromWire(new byte[] {(byte) 0xff}, 8).isComplete()).isTrue();
        assertThat(Bitfield.fromWire(new byte[0], 0).isComplete()).isTrue();
    }

    @Test
    void setOperationsAndBounds() {
        Bitfield a = Bitfield.all(9);
        Bitfield b = new Bitfield(9);
        b.set(3);
        a.andNot(b);
        assertThat(a.count()).isEqualTo(8);
        assertThat(a.get(3)).isFalse();
        a.or(b);
        assertThat(a.isComplete()).isTrue();
        assertThat(a.toWire()[1]).isEqualTo((byte) 0x80);
        assertThatThrownBy(() -> a.get(9)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> a.set(-1)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> a.or(new Bitfield(8))).isInstanceOf(IllegalArgumentException.class);
        Bitfield copy = a.copy();
        copy.clear(0);
        assertThat(a.get(0)).isTrue();
    }
}
