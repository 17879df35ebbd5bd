package dev.cairn.node.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PutWorkloadTest {

    @Test
    void keysAreZigZagVarintsPaddedToKeySize() {
        PutWorkload put = new PutWorkload(new LoadSize(1, 0, 0), 8, 4, 1000, true, 1);
        assertThat(put.key(0).toByteArray()).containsExactly(0, 0, 0, 0, 0, 0, 0, 0);
        assertThat(put.key(1).toByteArray()).containsExactly(2, 0, 0, 0, 0, 0, 0, 0);
        // 300 zig-zags to 600 = 0b100_1011000: low seven bits with the continuation bit, then 4.
        assertThat(put.key(300).toByteArray()).containsExactly(0xD8, 0x04, 0, 0, 0, 0, 0, 0);
    }

    @Test
    void varintLengthGrowsEverySevenBits() {
        assertThat(PutWorkload.varintLength(0)).isEqualTo(1);
        assertThat(PutWorkload.varintLength(63)).isEqualTo(1);
        assertThat(PutWorkload.varintLength(64)).isEqualTo(2);
        assertThat(PutWorkload.varintLength(Long.MAX_VALUE)).isEqualTo(10);
    }

    @Test
    void valueHasTheRequestedSize() {
        assertThat(new PutWorkload(new LoadSize(1, 0, 0), 8, 256, 1, false, 7).valSize()).isEqualTo(256);
    }
}
