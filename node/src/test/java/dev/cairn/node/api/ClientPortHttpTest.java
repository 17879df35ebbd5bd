package dev.cairn.node.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.cairn.node.proto.etcdserverpb.AlarmRequest;
import dev.cairn.node.proto.etcdserverpb.AlarmType;
import dev.cairn.node.proto.etcdserverpb.KVGrpc;
import dev.cairn.node.proto.etcdserverpb.MaintenanceGrpc;
import dev.cairn.node.proto.etcdserverpb.PutRequest;
import dev.cairn.node.proto.etcdserverpb.RangeRequest;
import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** etcd's HTTP/1.1 endpoints on a plain client port, next to gRPC on the very same port. */
class ClientPortHttpTest {
    private static final String HTTP2_PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n";

    @TempDir
    Path dataDir;

    private InProcessMember member;
    private ManagedChannel grpc;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeEach
    void start() throws Exception {
        member = InProcessMember.start(dataDir);
        grpc = NettyChannelBuilder.forAddress("127.0.0.1", member.port()).usePlaintext().build();
    }

    @AfterEach
    void stop() throws InterruptedException {
        grpc.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        member.close();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(member.endpoint() + path)).GET().build());
    }

    private HttpResponse<String> send(HttpRequest request) throws Exception {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void healthVersionAndMetricsAnswerOnTheClientPortWhileGrpcServesTheSamePort() throws Exception {
        KVGrpc.newBlockingStub(grpc).put(PutRequest.newBuilder()
                .setKey(ByteString.copyFromUtf8("k")).setValue(ByteString.copyFromUtf8("v")).build());

        HttpResponse<String> health = get("/health");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).isEqualTo("{\"health\":\"true\",\"reason\":\"\"}");
        assertThat(get("/version").body()).isEqualTo(
                "{\"etcdserver\":\"" + ServerVersion.ETCD_VERSION + "\",\"etcdcluster\":\"3.5.0\"}");
        assertThat(get("/metrics").body()).contains("\netcd_server_has_leader 1\n");
        assertThat(get("/livez").body()).isEqualTo("ok");

        assertThat(KVGrpc.newBlockingStub(grpc).range(RangeRequest.newBuilder()
                .setKey(ByteString.copyFromUtf8("k")).build()).getKvs(0).getValue().toStringUtf8()).isEqualTo("v");
    }

    @Test
    void healthExcludesTheAlarmsItIsAskedToIgnore() throws Exception {
        MaintenanceGrpc.newBlockingStub(grpc).alarm(AlarmRequest.newBuilder()
                .setAction(AlarmRequest.AlarmAction.ACTIVATE)
                .setMemberID(member.node().membership().localId())
                .setAlarm(AlarmType.NOSPACE).build());

        HttpResponse<String> unhealthy = get("/health");
        assertThat(unhealthy.statusCode()).isEqualTo(503);
        assertThat(unhealthy.body()).isEqualTo("{\"health\":\"false\",\"reason\":\"ALARM NOSPACE\"}");
        HttpResponse<String> excluded = get("/health?exclude=NOSPACE");
        assertThat(excluded.statusCode()).isEqualTo(200);
        assertThat(excluded.body()).isEqualTo("{\"health\":\"true\",\"reason\":\"\"}");
    }

    @Test
    void answersCarryEtcdsDefaultCorsHeadersAndPreflightsAreAnswered() throws Exception {
        HttpResponse<String> version = get("/version");
        assertThat(version.headers().firstValue("Access-Control-Allow-Origin")).contains("*");
        assertThat(version.headers().firstValue("Access-Control-Allow-Methods")).contains("POST, GET, OPTIONS, PUT, DELETE");
        HttpResponse<String> preflight = send(HttpRequest.newBuilder(URI.create(member.endpoint() + "/v3/kv/range"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).build());
        assertThat(preflight.statusCode()).isEqualTo(200);
        assertThat(preflight.body()).isEmpty();
    }

    @Test
    void theV3JsonGatewayIsRefusedByNameAndUnknownPathsAreNotFound() throws Exception {
        HttpResponse<String> gateway = send(HttpRequest.newBuilder(URI.create(member.endpoint() + "/v3/kv/range"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"key\":\"Zm9v\"}")).build());
        assertThat(gateway.statusCode()).isEqualTo(501);
        assertThat(gateway.headers().firstValue("Content-Type")).contains("application/json");
        assertThat(gateway.body()).contains("\"code\":12", "/v3 JSON gateway is not supported");
        assertThat(get("/v3beta/kv/range").statusCode()).isEqualTo(501);

        HttpResponse<String> unknown = get("/healthz");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).isEqualTo("404 page not found\n");

        HttpResponse<String> post = send(HttpRequest.newBuilder(URI.create(member.endpoint() + "/health"))
                .POST(HttpRequest.BodyPublishers.noBody()).build());
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("Allow")).contains("GET");
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrderOnOneConnection() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", member.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET /version HTTP/1.1\r\nHost: x\r\n\r\n"
                    + "GET /livez HTTP/1.1\r\nHost: x\r\n\r\n"
                    + "GET /nope HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String all = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int version = all.indexOf("\"etcdserver\"");
            int livez = all.indexOf("\r\n\r\nok");
            int notFound = all.indexOf("404 page not found");
            assertThat(version).isPositive();
            assertThat(livez).isGreaterThan(version);
            assertThat(notFound).isGreaterThan(livez);
        }
    }

    @Test
    void firstBytesArrivingOneByOneAreStillSniffedCorrectly() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", member.port())) {
            socket.setSoTimeout(10_000);
            socket.setTcpNoDelay(true);
            OutputStream out = socket.getOutputStream();
            out.write('G');
            out.flush();
            out.write("ET /livez HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertThat(new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                    .startsWith("HTTP/1.1 200 OK").endsWith("\r\n\r\nok");
        }
    }

    @Test
    void aSplitHttp2PrefaceGoesToGrpcWhichAnswersWithItsSettings() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", member.port())) {
            socket.setSoTimeout(10_000);
            socket.setTcpNoDelay(true);
            OutputStream out = socket.getOutputStream();
            byte[] preface = HTTP2_PREFACE.getBytes(StandardCharsets.US_ASCII);
            out.write(preface, 0, 3);
            out.flush();
            out.write(preface, 3, preface.length - 3);
            out.write(new byte[] {0, 0, 0, 4, 0, 0, 0, 0, 0}); // an empty SETTINGS frame
            out.flush();
            byte[] frameHeader = readExactly(socket.getInputStream(), 9);
            assertThat(frameHeader[3]).as("type of the server's first frame").isEqualTo((byte) 4);
        }
    }

    @Test
    void anIdleHttpConnectionDoesNotHoldUpGrpcCalls() throws Exception {
        try (Socket idle = new Socket("127.0.0.1", member.port())) {
            idle.getOutputStream().write('G');
            idle.getOutputStream().flush();
            assertThat(KVGrpc.newBlockingStub(grpc).withDeadlineAfter(10, TimeUnit.SECONDS)
                    .range(RangeRequest.newBuilder().setKey(ByteString.copyFromUtf8("k")).build()).getCount())
                    .isZero();
            assertThat(get("/livez").statusCode()).isEqualTo(200);
        }
    }

    private static byte[] readExactly(InputStream in, int length) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (out.size() < length) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed after " + out.size() + " bytes");
            }
            out.write(b);
        }
        return out.toByteArray();
    }
}
