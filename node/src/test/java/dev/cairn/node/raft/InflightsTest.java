package dev.cairn.node.raft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class InflightsTest {

    @Test
    void fullByMessageCountAndFreedByAcknowledgedIndex() {
        Inflights inflights = new Inflights(3, 1_000);
        inflights.add(5, 10);
        inflights.add(9, 10);
        assertThat(inflights.isFull()).isFalse();
        inflights.add(12, 10);
        assertThat(inflights.isFull()).isTrue();
        assertThatThrownBy(() -> inflights.add(13, 1)).isInstanceOf(IllegalStateException.class);

        inflights.freeUpTo(8);
        assertThat(inflights.isFull()).as("the message ending at 5 is acknowledged").isFalse();
        inflights.add(15, 10);
        assertThat(inflights.isFull()).isTrue();
        inflights.freeUpTo(15);
        inflights.add(16, 10);
        inflights.add(17, 10);
        assertThat(inflights.isFull()).isFalse();
    }

    @Test
    void fullByPayloadBytes() {
        Inflights inflights = new Inflights(100, 50);
        inflights.add(1, 30);
        assertThat(inflights.isFull()).isFalse();
        inflights.add(2, 30);
        assertThat(inflights.isFull()).isTrue();
        inflights.freeFirst();
        assertThat(inflights.isFull()).isFalse();
        inflights.reset();
        inflights.add(3, 49);
        assertThat(inflights.isFull()).isFalse();
    }
}
