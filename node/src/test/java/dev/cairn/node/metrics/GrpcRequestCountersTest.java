package dev.cairn.node.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GrpcRequestCountersTest {
    private static final Map<String, String> RANGE = Map.of("grpc_service", "etcdserverpb.KV", "grpc_method", "Range",
            "grpc_type", "unary");

    private static Map<String, PrometheusTextParser.Family> page(GrpcRequestCounters counters) {
        StringBuilder out = new StringBuilder();
        counters.writeTo(new PrometheusText(out));
        return PrometheusTextParser.parse(out.toString());
    }

    private static double handled(Map<String, PrometheusTextParser.Family> page, String code) {
        Map<String, String> labels = new HashMap<>(RANGE);
        labels.put("grpc_code", code);
        return page.get("grpc_server_handled_total").only("grpc_server_handled_total", labels).value();
    }

    @Test
    void codesAreSpelledAsGoSpellsThemAndEveryCodeIsListed() {
        GrpcRequestCounters counters = new GrpcRequestCounters();
        GrpcRequestCounters.Method range = counters.method("etcdserverpb.KV", "Range", "unary");
        range.handled(1);   // CANCELLED in Java, Canceled in Go
        range.handled(14);  // UNAVAILABLE
        range.handled(99);  // not a gRPC code: Unknown
        Map<String, PrometheusTextParser.Family> page = page(counters);
        assertThat(handled(page, "Canceled")).isEqualTo(1);
        assertThat(handled(page, "Unavailable")).isEqualTo(1);
        assertThat(handled(page, "Unknown")).isEqualTo(1);
        assertThat(handled(page, "OK")).isZero();
        assertThat(page.get("grpc_server_handled_total").samples()).hasSize(17);
    }

    @Test
    void aMethodIsRegisteredOnceAndCountsMessagesBothWays() {
        GrpcRequestCounters counters = new GrpcRequestCounters();
        GrpcRequestCounters.Method first = counters.method("etcdserverpb.KV", "Range", "unary");
        assertThat(counters.method("etcdserverpb.KV", "Range", "unary")).isSameAs(first);
        first.started();
        first.received();
        first.sent();
        first.sent();
        Map<String, PrometheusTextParser.Family> page = page(counters);
        assertThat(page.get("grpc_server_started_total").only("grpc_server_started_total", RANGE).value()).isEqualTo(1);
        assertThat(page.get("grpc_server_msg_received_total").only("grpc_server_msg_received_total", RANGE).value())
                .isEqualTo(1);
        assertThat(page.get("grpc_server_msg_sent_total").only("grpc_server_msg_sent_total", RANGE).value())
                .isEqualTo(2);
    }
}
