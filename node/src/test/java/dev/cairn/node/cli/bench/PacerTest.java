package dev.cairn.node.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PacerTest {

    @Test
    void unlimitedRateNeverWaits() {
        assertThat(new Pacer(0, 0).nanosUntilPermit(1_000_000, 0)).isZero();
    }

    @Test
    void requestsAreSpacedEvenlyFromTheStart() {
        Pacer pacer = new Pacer(100, 1_000);
        assertThat(pacer.nanosUntilPermit(0, 1_000)).isZero();
        assertThat(pacer.nanosUntilPermit(1, 1_000)).isEqualTo(10_000_000);
        assertThat(pacer.nanosUntilPermit(5, 1_000 + 20_000_000)).isEqualTo(30_000_000);
        assertThat(pacer.nanosUntilPermit(5, 1_000 + 60_000_000)).isZero();
    }
}
