package dev.cairn.node.metrics;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DurationHistogramTest {
    private static final long MS = 1_000_000;

    @Test
    void etcdsDiskBucketsDoubleFromOneMillisecondFourteenTimes() {
        assertThat(DurationHistogram.exponential(0.001, 2, 14).bounds()).containsExactly(0.001, 0.002, 0.004, 0.008,
                0.016, 0.032, 0.064, 0.128, 0.256, 0.512, 1.024, 2.048, 4.096, 8.192);
    }

    @Test
    void aDurationFallsInTheFirstBucketWhoseBoundIsAtLeastIt() {
        DurationHistogram histogram = DurationHistogram.exponential(0.001, 2, 3); // 1, 2, 4 ms
        histogram.record(0);
        histogram.record(1 * MS);      // on a bound: that bucket (le means "less or equal")
        histogram.record(1 * MS + 1);  // just past it: the next
        histogram.record(4 * MS);
        histogram.record(5 * MS);      // past every bound: +Inf only
        histogram.record(-3 * MS);     // a clock step backwards counts as zero
        assertThat(histogram.cumulativeCounts()).containsExactly(3, 4, 5, 6);
        assertThat(histogram.count()).isEqualTo(6);
        assertThat(histogram.sumSeconds()).isEqualTo(0.011000001);
    }

    @Test
    void badBucketSpecificationsAreRefused() {
        assertThatThrownBy(() -> DurationHistogram.exponential(0, 2, 3)).hasMessageContaining("start > 0");
        assertThatThrownBy(() -> DurationHistogram.exponential(0.1, 1, 3)).hasMessageContaining("factor > 1");
        assertThatThrownBy(() -> DurationHistogram.exponential(0.1, 2, 0)).hasMessageContaining("count >= 1");
    }

    @Test
    void exposedAsCumulativeBucketsWithSumAndCount() {
        DurationHistogram histogram = DurationHistogram.exponential(0.0001, 2, 16);
        histogram.record(150_000);     // 0.15 ms: the 0.0002 bucket
        histogram.record(4 * 1_000_000_000L);
        StringBuilder out = new StringBuilder();
        new PrometheusText(out).family("rtt_seconds", "histogram", "Round trips.")
                .histogram("rtt_seconds", histogram, "To", "a\"b");
        String page = out.toString();
        assertThat(page).startsWith("# HELP rtt_seconds Round trips.\n# TYPE rtt_seconds histogram\n")
                .contains("rtt_seconds_bucket{To=\"a\\\"b\",le=\"0.0001\"} 0\n")
                .contains("rtt_seconds_bucket{To=\"a\\\"b\",le=\"0.0002\"} 1\n")
                .contains("rtt_seconds_bucket{To=\"a\\\"b\",le=\"3.2768\"} 1\n")
                .contains("rtt_seconds_bucket{To=\"a\\\"b\",le=\"+Inf\"} 2\n")
                .contains("rtt_seconds_sum{To=\"a\\\"b\"} 4.00015\n")
                .endsWith("rtt_seconds_count{To=\"a\\\"b\"} 2\n");
        PrometheusTextParser.Family family = PrometheusTextParser.parse(page).get("rtt_seconds");
        assertThat(family.type()).isEqualTo("histogram");
        assertThat(family.samples()).hasSize(16 + 1 + 2);
        assertThat(family.only("rtt_seconds_bucket", Map.of("le", "0.0016")).value()).isEqualTo(1);
    }
}
