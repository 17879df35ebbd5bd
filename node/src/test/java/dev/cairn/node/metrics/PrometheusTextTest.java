package dev.cairn.node.metrics;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PrometheusTextTest {

    @Test
    void numbersArePlainDecimalsWithoutTrailingZeros() {
        assertThat(PrometheusText.number(0.0001)).isEqualTo("0.0001");
        assertThat(PrometheusText.number(0.0001 * 8)).isEqualTo("0.0008");
        assertThat(PrometheusText.number(8.192)).isEqualTo("8.192");
        assertThat(PrometheusText.number(1.0)).isEqualTo("1");
        assertThat(PrometheusText.number(1.7e9)).isEqualTo("1700000000");
        assertThat(PrometheusText.number(Double.POSITIVE_INFINITY)).isEqualTo("+Inf");
    }

    @Test
    void helpAndLabelValuesAreEscaped() {
        StringBuilder out = new StringBuilder();
        new PrometheusText(out).family("x_total", "counter", "back\\slash \"quoted\"\nnext")
                .sample("x_total", 3, "path", "c:\\dir\n\"q\"");
        assertThat(out).hasToString("# HELP x_total back\\\\slash \"quoted\"\\nnext\n# TYPE x_total counter\n"
                + "x_total{path=\"c:\\\\dir\\n\\\"q\\\"\"} 3\n");
        PrometheusTextParser.Sample sample = PrometheusTextParser.parse(out.toString()).get("x_total").samples().getFirst();
        assertThat(sample.labels()).isEqualTo(Map.of("path", "c:\\dir\n\"q\""));
        assertThat(sample.value()).isEqualTo(3);
    }

    @Test
    void oddLabelListsAreRefused() {
        PrometheusText text = new PrometheusText(new StringBuilder());
        assertThatThrownBy(() -> text.sample("x", 1, "only_a_name")).hasMessageContaining("name/value pairs");
    }

    @Test
    void theTestParserRejectsWhatPrometheusRejects() {
        assertThatThrownBy(() -> PrometheusTextParser.parse("# TYPE a gauge\na 1\n# TYPE b gauge\nb 1\na 2\n"))
                .hasMessageContaining("away from its family");
        assertThatThrownBy(() -> PrometheusTextParser.parse("# TYPE a gauge\n# TYPE a counter\na 1\n"))
                .hasMessageContaining("second TYPE");
        assertThatThrownBy(() -> PrometheusTextParser.parse("a{x=\"1\"} 1\na{x=\"1\"} 2\n"))
                .hasMessageContaining("twice");
        assertThatThrownBy(() -> PrometheusTextParser.parse("a one\n")).hasMessageContaining("not a number");
        assertThatThrownBy(() -> PrometheusTextParser.parse("# TYPE h histogram\nh_bucket{le=\"1\"} 2\n"
                + "h_bucket{le=\"+Inf\"} 1\nh_sum 1\nh_count 1\n")).hasMessageContaining("out of order");
        assertThatThrownBy(() -> PrometheusTextParser.parse("# TYPE h histogram\nh_bucket{le=\"1\"} 1\n"
                + "h_bucket{le=\"+Inf\"} 2\nh_sum 1\nh_count 3\n")).hasMessageContaining("not the count");
        assertThatThrownBy(() -> PrometheusTextParser.parse("a 1")).hasMessageContaining("newline");
    }
}
