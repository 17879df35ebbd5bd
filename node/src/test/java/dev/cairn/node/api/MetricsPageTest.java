package dev.cairn.node.api;

import com.google.protobuf.ByteString;
import dev.cairn.node.api.http.HttpEndpoints;
import dev.cairn.node.metrics.PrometheusTextParser;
import dev.cairn.node.metrics.PrometheusTextParser.Family;
import dev.cairn.node.proto.etcdserverpb.KVGrpc;
import dev.cairn.node.proto.etcdserverpb.PutRequest;
import dev.cairn.node.proto.etcdserverpb.WatchCreateRequest;
import dev.cairn.node.proto.etcdserverpb.WatchGrpc;
import dev.cairn.node.proto.etcdserverpb.WatchRequest;
import dev.cairn.node.proto.etcdserverpb.WatchResponse;
import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** /metrics after real requests: etcd's families with their types, and counters that follow the requests. */
class MetricsPageTest {
    private static final Map<String, String> PUT = Map.of("grpc_service", "etcdserverpb.KV", "grpc_method", "Put");

    @TempDir
    Path dataDir;

    private InProcessMember member;
    private HttpEndpoints http;
    private ManagedChannel channel;

    @BeforeEach
    void start() throws Exception {
        member = InProcessMember.start(dataDir);
        http = HttpEndpoints.start(member.node(), List.of(URI.create("http://127.0.0.1:0")));
        channel = NettyChannelBuilder.forTarget("127.0.0.1:" + member.port()).usePlaintext().build();
    }

    @AfterEach
    void stop() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        http.close();
        member.close();
    }

    private Map<String, Family> scrape() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + http.ports().get(0) + "/metrics")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return PrometheusTextParser.parse(response.body());
    }

    private static double value(Map<String, Family> page, String family) {
        return page.get(family).only(family, Map.of()).value();
    }

    @Test
    void everyRequiredFamilyIsThereWithEtcdsType() throws Exception {
        Map<String, Family> page = scrape();
        Map<String, String> types = Map.ofEntries(
                Map.entry("etcd_server_has_leader", "gauge"),
                Map.entry("etcd_server_leader_changes_seen_total", "counter"),
                Map.entry("etcd_server_proposals_committed_total", "gauge"),
                Map.entry("etcd_server_proposals_applied_total", "gauge"),
                Map.entry("etcd_server_proposals_pending", "gauge"),
                Map.entry("etcd_server_proposals_failed_total", "counter"),
                Map.entry("etcd_mvcc_db_total_size_in_bytes", "gauge"),
                Map.entry("etcd_mvcc_db_total_size_in_use_in_bytes", "gauge"),
                Map.entry("etcd_disk_wal_fsync_duration_seconds", "histogram"),
                Map.entry("etcd_disk_backend_commit_duration_seconds", "histogram"),
                Map.entry("etcd_network_peer_round_trip_time_seconds", "histogram"),
                Map.entry("etcd_debugging_mvcc_keys_total", "gauge"),
                Map.entry("grpc_server_started_total", "counter"),
                Map.entry("grpc_server_handled_total", "counter"),
                Map.entry("grpc_server_msg_received_total", "counter"),
                Map.entry("grpc_server_msg_sent_total", "counter"),
                Map.entry("process_resident_memory_bytes", "gauge"));
        types.forEach((name, type) -> {
            assertThat(page).as(name).containsKey(name);
            assertThat(page.get(name).type()).as(name).isEqualTo(type);
        });
        assertThat(value(page, "etcd_server_has_leader")).isEqualTo(1);
        assertThat(value(page, "etcd_server_leader_changes_seen_total")).isEqualTo(1);
        assertThat(page.get("etcd_network_peer_round_trip_time_seconds").samples()).isEmpty(); // no peers yet
        // Methods are listed before their first call, as etcd's registered ones are.
        assertThat(page.get("grpc_server_handled_total").only("grpc_server_handled_total", Map.of(
                "grpc_service", "etcdserverpb.Watch", "grpc_method", "Watch", "grpc_type", "bidi_stream",
                "grpc_code", "OK")).value()).isZero();
    }

    @Test
    void requestsMoveTheCountersAndTheDiskHistograms() throws Exception {
        Map<String, Family> before = scrape();
        KVGrpc.KVBlockingStub kv = KVGrpc.newBlockingStub(channel);
        kv.put(PutRequest.newBuilder().setKey(ByteString.copyFromUtf8("a")).setValue(ByteString.copyFromUtf8("1")).build());
        kv.put(PutRequest.newBuilder().setKey(ByteString.copyFromUtf8("b")).setValue(ByteString.copyFromUtf8("2")).build());
        assertThatThrownBy(() -> kv.put(PutRequest.newBuilder().setValue(ByteString.copyFromUtf8("no key")).build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT));

        Map<String, Family> after = scrape();
        Family handled = after.get("grpc_server_handled_total");
        assertThat(handled.only("grpc_server_handled_total", with(PUT, "grpc_code", "OK")).value()).isEqualTo(2);
        assertThat(handled.only("grpc_server_handled_total", with(PUT, "grpc_code", "InvalidArgument")).value())
                .isEqualTo(1);
        assertThat(after.get("grpc_server_started_total").only("grpc_server_started_total", PUT).value()).isEqualTo(3);
        assertThat(after.get("grpc_server_msg_received_total").only("grpc_server_msg_received_total", PUT).value())
                .isEqualTo(3);
        assertThat(after.get("grpc_server_msg_sent_total").only("grpc_server_msg_sent_total", PUT).value())
                .isEqualTo(2);
        assertThat(value(after, "etcd_server_proposals_committed_total"))
                .isGreaterThanOrEqualTo(value(before, "etcd_server_proposals_committed_total") + 2);
        assertThat(value(after, "etcd_server_proposals_applied_total"))
                .isGreaterThanOrEqualTo(value(before, "etcd_server_proposals_applied_total") + 2);
        assertThat(value(after, "etcd_server_proposals_pending")).isZero();
        assertThat(value(after, "etcd_server_proposals_failed_total")).isZero();
        assertThat(value(after, "etcd_debugging_mvcc_keys_total")).isEqualTo(2);
        assertThat(count(after, "etcd_disk_wal_fsync_duration_seconds"))
                .isGreaterThanOrEqualTo(count(before, "etcd_disk_wal_fsync_duration_seconds") + 2);
        assertThat(count(after, "etcd_disk_backend_commit_duration_seconds"))
                .isGreaterThanOrEqualTo(count(before, "etcd_disk_backend_commit_duration_seconds") + 2);
        assertThat(value(after, "etcd_disk_wal_write_bytes_total"))
                .isGreaterThan(value(before, "etcd_disk_wal_write_bytes_total"));
    }

    @Test
    void aStreamTheClientCancelsIsHandledAsCanceled() throws Exception {
        ClientCall<WatchRequest, WatchResponse> call = channel.newCall(WatchGrpc.getWatchMethod(), CallOptions.DEFAULT);
        BlockingQueue<WatchResponse> responses = new ArrayBlockingQueue<>(8);
        call.start(new ClientCall.Listener<>() {
            @Override
            public void onMessage(WatchResponse message) {
                responses.add(message);
                call.request(1);
            }
        }, new Metadata());
        call.request(1);
        call.sendMessage(WatchRequest.newBuilder().setCreateRequest(
                WatchCreateRequest.newBuilder().setKey(ByteString.copyFromUtf8("w"))).build());
        assertThat(responses.poll(10, TimeUnit.SECONDS)).extracting(WatchResponse::getCreated).isEqualTo(true);
        call.cancel("test is done", null);

        Map<String, String> watch = Map.of("grpc_service", "etcdserverpb.Watch", "grpc_method", "Watch",
                "grpc_type", "bidi_stream");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(scrape().get("grpc_server_handled_total")
                .only("grpc_server_handled_total", with(watch, "grpc_code", "Canceled")).value()).isEqualTo(1));
        Map<String, Family> page = scrape();
        assertThat(page.get("grpc_server_msg_received_total").only("grpc_server_msg_received_total", watch).value())
                .isEqualTo(1);
        assertThat(page.get("grpc_server_msg_sent_total").only("grpc_server_msg_sent_total", watch).value())
                .isGreaterThanOrEqualTo(1);
        assertThat(page.get("grpc_server_handled_total").samples().stream()
                .filter(s -> s.labels().get("grpc_method").equals("Watch")).mapToDouble(s -> s.value()).sum())
                .isEqualTo(1);
    }

    private static double count(Map<String, Family> page, String histogram) {
        return page.get(histogram).only(histogram + "_count", Map.of()).value();
    }

    private static Map<String, String> with(Map<String, String> labels, String name, String value) {
        Map<String, String> all = new HashMap<>(labels);
        all.put(name, value);
        return all;
    }
}
