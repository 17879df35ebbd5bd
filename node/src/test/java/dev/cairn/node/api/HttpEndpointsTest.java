package dev.cairn.node.api;

import dev.cairn.node.api.http.HttpEndpoints;
import dev.cairn.node.proto.etcdserverpb.AlarmRequest;
import dev.cairn.node.proto.etcdserverpb.AlarmType;
import dev.cairn.node.proto.etcdserverpb.MaintenanceGrpc;
import io.grpc.ManagedChannel;
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
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** etcd's HTTP endpoints on --listen-metrics-urls, read with a plain HTTP client. */
class HttpEndpointsTest {
    @TempDir
    Path dataDir;

    private InProcessMember member;
    private HttpEndpoints http;
    private final HttpClient client = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        member = InProcessMember.start(dataDir);
        http = HttpEndpoints.start(member.node(), List.of(URI.create("http://127.0.0.1:0")));
    }

    @AfterEach
    void stop() {
        http.close();
        member.close();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return send(HttpRequest.newBuilder(url(path)).GET().build());
    }

    private HttpResponse<String> send(HttpRequest request) throws Exception {
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private URI url(String path) {
        return URI.create("http://127.0.0.1:" + http.ports().get(0) + path);
    }

    @Test
    void healthAnswersEtcdsJsonLinearizableOrSerializable() throws Exception {
        HttpResponse<String> health = get("/health");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).isEqualTo("{\"health\":\"true\",\"reason\":\"\"}");
        assertThat(get("/health?serializable=true").body()).isEqualTo("{\"health\":\"true\",\"reason\":\"\"}");
        assertThat(get("/livez").body()).isEqualTo("ok");
        assertThat(get("/readyz").body()).isEqualTo("ok");
    }

    @Test
    void anActiveAlarmMakesTheMemberUnhealthyUnlessExcluded() throws Exception {
        ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", member.port()).usePlaintext().build();
        try {
            MaintenanceGrpc.newBlockingStub(channel).alarm(AlarmRequest.newBuilder()
                    .setAction(AlarmRequest.AlarmAction.ACTIVATE)
                    .setMemberID(member.node().membership().localId())
                    .setAlarm(AlarmType.NOSPACE).build());
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
        HttpResponse<String> health = get("/health");
        assertThat(health.statusCode()).isEqualTo(503);
        assertThat(health.body()).isEqualTo("{\"health\":\"false\",\"reason\":\"ALARM NOSPACE\"}");
        assertThat(get("/health?exclude=NOSPACE&serializable=true").statusCode()).isEqualTo(200);
        assertThat(get("/readyz").statusCode()).isEqualTo(503);
    }

    @Test
    void versionAndMetricsDescribeTheMember() throws Exception {
        assertThat(get("/version").body()).isEqualTo(
                "{\"etcdserver\":\"" + ServerVersion.ETCD_VERSION + "\",\"etcdcluster\":\"3.5.0\"}");
        HttpResponse<String> metrics = get("/metrics");
        assertThat(metrics.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/plain; version=0.0.4"));
        assertThat(metrics.body())
                .contains("\netcd_server_has_leader 1\n", "\netcd_server_is_leader 1\n")
                .containsPattern("\netcd_mvcc_db_total_size_in_bytes [1-9][0-9]*\n")
                .containsPattern("\nprocess_resident_memory_bytes [1-9][0-9]*\n")
                .contains("etcd_server_version{server_version=\"" + ServerVersion.ETCD_VERSION + "\"} 1");
    }

    @Test
    void onlyGetIsAllowed() throws Exception {
        HttpResponse<String> post = send(HttpRequest.newBuilder(url("/health"))
                .POST(HttpRequest.BodyPublishers.noBody()).build());
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("Allow")).contains("GET");
    }
}
