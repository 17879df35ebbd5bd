package dev.cairn.node.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class LabelledHistogramsTest {
    private static final String NAME = "etcd_network_peer_round_trip_time_seconds";

    private static Map<String, PrometheusTextParser.Family> page(LabelledHistograms family) {
        StringBuilder out = new StringBuilder();
        family.writeTo(new PrometheusText(out), NAME, "Round-Trip-Time histogram between peers");
        return PrometheusTextParser.parse(out.toString());
    }

    @Test
    void withoutRecordsTheFamilyIsListedWithoutSeries() {
        LabelledHistograms rtt = new LabelledHistograms("To", () -> DurationHistogram.exponential(0.0001, 2, 16));
        PrometheusTextParser.Family family = page(rtt).get(NAME);
        assertThat(family.type()).isEqualTo("histogram");
        assertThat(family.help()).isEqualTo("Round-Trip-Time histogram between peers");
        assertThat(family.samples()).isEmpty();
    }

    @Test
    void eachLabelValueGetsItsOwnSeriesUntilRemoved() {
        LabelledHistograms rtt = new LabelledHistograms("To", () -> DurationHistogram.exponential(0.0001, 2, 16));
        rtt.record("b2", 300_000);
        rtt.record("a1", 50_000);
        rtt.record("a1", 50_000);
        PrometheusTextParser.Family family = page(rtt).get(NAME);
        assertThat(family.only(NAME + "_count", Map.of("To", "a1")).value()).isEqualTo(2);
        assertThat(family.only(NAME + "_bucket", Map.of("To", "a1", "le", "0.0001")).value()).isEqualTo(2);
        assertThat(family.only(NAME + "_bucket", Map.of("To", "b2", "le", "0.0002")).value()).isZero();
        assertThat(family.only(NAME + "_bucket", Map.of("To", "b2", "le", "0.0004")).value()).isEqualTo(1);
        assertThat(family.samples().getFirst().labels()).containsEntry("To", "a1"); // label values in order

        rtt.remove("a1");
        assertThat(page(rtt).get(NAME).samples()).allSatisfy(s -> assertThat(s.labels()).containsEntry("To", "b2"));
    }
}
