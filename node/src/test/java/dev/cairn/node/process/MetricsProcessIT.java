package dev.cairn.node.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cairn.node.metrics.PrometheusTextParser;
import dev.cairn.node.metrics.PrometheusTextParser.Family;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * /metrics on --listen-metrics-urls of real etcd and of cairn after the same etcdctl puts: both pages are valid
 * Prometheus text, every family etcd's dashboards and alerts need is on both with the same type and help, and the
 * counters moved with the puts.
 */
class MetricsProcessIT {
    private static final List<String> REQUIRED = List.of(
            "etcd_server_has_leader", "etcd_server_leader_changes_seen_total", "etcd_server_proposals_committed_total",
            "etcd_server_proposals_applied_total", "etcd_server_proposals_pending", "etcd_server_proposals_failed_total",
            "etcd_mvcc_db_total_size_in_bytes", "etcd_mvcc_db_total_size_in_use_in_bytes",
            "etcd_disk_wal_fsync_duration_seconds", "etcd_disk_backend_commit_duration_seconds",
            "etcd_debugging_mvcc_keys_total", "grpc_server_started_total", "grpc_server_handled_total",
            "grpc_server_msg_received_total", "grpc_server_msg_sent_total", "process_resident_memory_bytes",
            "etcd_server_is_leader", "etcd_server_id", "etcd_server_version", "etcd_disk_wal_write_bytes_total",
            "etcd_debugging_mvcc_watcher_total");
    /** Peer round trips have series only with peers; etcd then lists nothing at all, cairn the empty family. */
    private static final String PEER_RTT = "etcd_network_peer_round_trip_time_seconds";
    private static final Map<String, String> PUT_OK = Map.of("grpc_service", "etcdserverpb.KV", "grpc_method", "Put",
            "grpc_type", "unary", "grpc_code", "OK");
    private static final int PUTS = 3;

    private static Path workDir;
    private static ServerProcess etcd;
    private static ServerProcess cairn;
    private static URI etcdMetrics;
    private static URI cairnMetrics;

    @BeforeAll
    static void startServers() throws IOException {
        workDir = ServerPair.newWorkDir("metrics-");
        List<Integer> ports = FreePorts.pick(2);
        etcdMetrics = URI.create("http://127.0.0.1:" + ports.get(0) + "/metrics");
        cairnMetrics = URI.create("http://127.0.0.1:" + ports.get(1) + "/metrics");
        etcd = ServerProcess.start("etcd", ServerPair.etcdLauncher(), workDir, "http",
                List.of("--listen-metrics-urls", "http://127.0.0.1:" + ports.get(0)));
        cairn = ServerProcess.start("cairn", ServerPair.cairnLauncher(), workDir, "http",
                List.of("--listen-metrics-urls", "http://127.0.0.1:" + ports.get(1)));
        etcd.awaitReady(etcdctl(etcd));
        cairn.awaitReady(etcdctl(cairn));
    }

    @AfterAll
    static void stopServers() {
        try {
            if (cairn != null) {
                cairn.close();
            }
        } finally {
            if (etcd != null) {
                etcd.close();
            }
        }
    }

    @Test
    void etcdsFamiliesAreThereWithTheSameTypesAndTheCountersFollowThePuts() throws Exception {
        Map<String, Family> etcdBefore = scrape(etcdMetrics);
        Map<String, Family> cairnBefore = scrape(cairnMetrics);
        for (int i = 0; i < PUTS; i++) {
            for (ServerProcess server : List.of(etcd, cairn)) {
                CommandOutput put = etcdctl(server).run(List.of("put", "metrics-key-" + i, "v" + i), "");
                assertThat(put.exitCode()).as(server.label() + ": " + put.render()).isZero();
            }
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            movedWithThePuts("etcd", etcdBefore, scrape(etcdMetrics));
            movedWithThePuts("cairn", cairnBefore, scrape(cairnMetrics));
        });

        Map<String, Family> reference = scrape(etcdMetrics);
        Map<String, Family> candidate = scrape(cairnMetrics);
        for (String name : REQUIRED) {
            assertThat(reference).as("etcd lists " + name).containsKey(name);
            assertThat(candidate).as("cairn lists " + name).containsKey(name);
            assertThat(candidate.get(name).type()).as("type of " + name).isEqualTo(reference.get(name).type());
            assertThat(candidate.get(name).help()).as("help of " + name).isEqualTo(reference.get(name).help());
        }
        // Every family both list has the same type on both, beyond the required ones.
        candidate.forEach((name, family) -> {
            if (reference.containsKey(name)) {
                assertThat(family.type()).as("type of " + name).isEqualTo(reference.get(name).type());
            }
        });
        assertThat(candidate.get(PEER_RTT).type()).isEqualTo("histogram");
        assertThat(candidate.get(PEER_RTT).samples()).isEmpty();
        // The bounds of the disk histograms are etcd's.
        assertThat(bounds(candidate, "etcd_disk_wal_fsync_duration_seconds"))
                .isEqualTo(bounds(reference, "etcd_disk_wal_fsync_duration_seconds"));
        assertThat(bounds(candidate, "etcd_disk_backend_commit_duration_seconds"))
                .isEqualTo(bounds(reference, "etcd_disk_backend_commit_duration_seconds"));
    }

    private static void movedWithThePuts(String server, Map<String, Family> before, Map<String, Family> after) {
        assertThat(value(after, "etcd_server_proposals_committed_total"))
                .as(server).isGreaterThanOrEqualTo(value(before, "etcd_server_proposals_committed_total") + PUTS);
        assertThat(value(after, "etcd_server_proposals_applied_total"))
                .as(server).isGreaterThanOrEqualTo(value(before, "etcd_server_proposals_applied_total") + PUTS);
        assertThat(putsHandled(after) - putsHandled(before)).as(server).isEqualTo(PUTS);
        assertThat(value(after, "etcd_disk_wal_fsync_duration_seconds_count", "etcd_disk_wal_fsync_duration_seconds"))
                .as(server).isGreaterThan(0);
        assertThat(value(after, "etcd_debugging_mvcc_keys_total")).as(server).isEqualTo(PUTS);
        assertThat(value(after, "etcd_server_has_leader")).as(server).isEqualTo(1);
        assertThat(value(after, "etcd_server_leader_changes_seen_total")).as(server).isEqualTo(1);
    }

    private static double putsHandled(Map<String, Family> page) {
        return page.get("grpc_server_handled_total").only("grpc_server_handled_total", PUT_OK).value();
    }

    private static double value(Map<String, Family> page, String name) {
        return value(page, name, name);
    }

    private static double value(Map<String, Family> page, String sample, String family) {
        assertThat(page).containsKey(family);
        return page.get(family).only(sample, Map.of()).value();
    }

    private static List<String> bounds(Map<String, Family> page, String histogram) {
        return page.get(histogram).samples().stream().filter(s -> s.name().equals(histogram + "_bucket"))
                .map(s -> s.labels().get("le")).toList();
    }

    private static Map<String, Family> scrape(URI url) throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(url).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(url.toString()).isEqualTo(200);
        return PrometheusTextParser.parse(response.body());
    }

    private static Etcdctl etcdctl(ServerProcess server) {
        return new Etcdctl(server.endpoint(), workDir);
    }
}
