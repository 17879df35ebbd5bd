package dev.cairn.node.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class ReportTest {

    /** 1000 requests of 1..1000 ms each (exact to 3 significant digits), 2 s of wall time. */
    private static BenchResult result(Map<String, Long> errors) {
        Histogram latencies = new Histogram(3);
        for (int ms = 1; ms <= 1000; ms++) {
            latencies.recordValue(ms * 1_000_000L);
        }
        long failed = errors.values().stream().mapToLong(Long::longValue).sum();
        return new BenchResult("put", 1000 + failed, 2_000_000_000L, latencies, errors);
    }

    @Test
    void textReportHasEtcdStyleSummaryAndPercentiles() {
        String text = TextReport.format(result(Map.of()));
        assertThat(text).contains(
                "Summary:\n",
                "  Total:\t2.0000 secs.\n",
                "  Fastest:\t0.0010 secs.\n",
                "  Average:\t0.5005 secs.\n",
                "  Requests/sec:\t500.0000\n",
                "Response time histogram:\n",
                "Latency distribution:\n",
                "  10% in 0.1000 secs.\n");
        // HdrHistogram at 3 significant digits reports the top of the value's bucket, at most 0.1% high.
        assertThat(text).containsPattern("Slowest:\t1\\.00\\d\\d secs\\.")
                .containsPattern("  50% in 0\\.500\\d secs\\.\n")
                .containsPattern("  99% in 0\\.990\\d secs\\.\n")
                .containsPattern("  99\\.9% in 0\\.999\\d secs\\.\n");
        assertThat(text).doesNotContain("Error distribution");
    }

    @Test
    void histogramBucketsHoldEveryRequest() {
        String text = TextReport.format(result(Map.of()));
        long counted = text.lines()
                .filter(line -> line.matches("  \\d+\\.\\d{4} \\[\\d+]\t\\|∎*"))
                .mapToLong(line -> Long.parseLong(line.substring(line.indexOf('[') + 1, line.indexOf(']'))))
                .sum();
        assertThat(counted).isEqualTo(1000);
    }

    @Test
    void textReportListsEveryErrorWithItsCount() {
        String text = TextReport.format(result(Map.of("rpc error: code = UNAVAILABLE desc = down", 3L,
                "rpc error: code = DEADLINE_EXCEEDED desc = slow", 2L)));
        assertThat(text).contains("Error distribution (5 of 1005 requests failed):\n",
                "  [3]\trpc error: code = UNAVAILABLE desc = down\n",
                "  [2]\trpc error: code = DEADLINE_EXCEEDED desc = slow\n");
    }

    @Test
    void jsonReportIsOneObjectWithMillisecondLatencies() {
        String json = JsonReport.format(result(Map.of("bad \"quote\"", 4L)));
        assertThat(json).doesNotContain("\n").startsWith("{\"op\":\"put\",\"total\":1004,\"successes\":1000,"
                + "\"errors\":4,\"seconds\":2.0000,\"rps\":500.0000,\"avg_ms\":500.5");
        assertThat(json).contains("\"p50_ms\":500.", "\"p90_ms\":900.", "\"p99_ms\":990.", "\"p999_ms\":999.",
                "\"max_ms\":1000.", "\"error_messages\":{\"bad \\\"quote\\\"\":4}}");
    }

    @Test
    void countsOfALoadAppearInOrderInBothReports() {
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("watchers", 100L);
        counts.put("events_expected", 2000L);
        counts.put("events_lost", 0L);
        BenchResult watch = new BenchResult("watch", 2000, 1_000_000_000L, new Histogram(3), Map.of(), counts);
        assertThat(TextReport.format(watch))
                .contains("\nCounts:\n  watchers:\t100\n  events_expected:\t2000\n  events_lost:\t0\n");
        assertThat(JsonReport.format(watch))
                .endsWith(",\"error_messages\":{},\"counts\":{\"watchers\":100,\"events_expected\":2000,"
                        + "\"events_lost\":0}}");
        assertThat(JsonReport.format(result(Map.of()))).doesNotContain("counts").endsWith("\"error_messages\":{}}");
    }

    @Test
    void reportsOfARunWithNoSuccessStillRender() {
        BenchResult allFailed = new BenchResult("range", 2, 1_000_000L, new Histogram(3), Map.of("down", 2L));
        assertThat(TextReport.format(allFailed)).contains("Requests/sec:\t0.0000", "[2]\tdown")
                .doesNotContain("Latency distribution");
        assertThat(JsonReport.format(allFailed)).contains("\"successes\":0,\"errors\":2", "\"p99_ms\":0.0000");
    }
}
