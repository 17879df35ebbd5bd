package dev.cairn.node.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.protobuf.ByteString;
import dev.cairn.node.proto.etcdserverpb.KVGrpc;
import dev.cairn.node.proto.etcdserverpb.RangeRequest;
import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs {@code cairn bench} against a real single-member etcd on loopback. */
class BenchAgainstEtcdTest {
    private static final Path ETCD = Path.of("/usr/bin/etcd");

    @TempDir
    static Path dir;
    private static Process etcd;
    private static String endpoint;

    @BeforeAll
    static void startEtcd() throws IOException {
        assumeTrue(Files.isExecutable(ETCD), "real etcd is not installed at " + ETCD);
        int clientPort = freePort();
        int peerPort = freePort();
        endpoint = "http://127.0.0.1:" + clientPort;
        String peer = "http://127.0.0.1:" + peerPort;
        etcd = new ProcessBuilder(ETCD.toString(), "--name", "bench", "--data-dir", dir.resolve("data").toString(),
                "--listen-client-urls", endpoint, "--advertise-client-urls", endpoint,
                "--listen-peer-urls", peer, "--initial-advertise-peer-urls", peer,
                "--initial-cluster", "bench=" + peer)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("etcd.log").toFile())
                .start();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).ignoreExceptions()
                .until(() -> countKeys(ByteString.copyFromUtf8("\0"), ByteString.copyFromUtf8("\0")) >= 0);
    }

    @AfterAll
    static void stopEtcd() throws InterruptedException {
        if (etcd != null) {
            etcd.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void putWritesEveryRequestAndRangeReadsItBack() {
        Run put = bench("--endpoints", endpoint, "--conns", "2", "--clients", "8", "--json", "put",
                "--total", "300", "--key-size", "8", "--val-size", "256", "--sequential-keys",
                "--key-space-size", "50");
        assertThat(put.code).as(put.err).isZero();
        assertThat(put.field("total")).isEqualTo("300");
        assertThat(put.field("successes")).isEqualTo("300");
        assertThat(put.field("errors")).isEqualTo("0");
        // Sequential keys modulo a key space of 50: exactly 50 distinct keys, all beginning with a varint byte.
        assertThat(countKeys(ByteString.copyFrom(new byte[] {0}), ByteString.copyFrom(new byte[] {(byte) 0x80})))
                .isEqualTo(50);

        for (String consistency : List.of("l", "s")) {
            Run range = bench("--endpoints", endpoint, "--conns", "2", "--clients", "8", "--json", "range",
                    "\u0002", "--consistency", consistency, "--total", "200");
            assertThat(range.code).as(range.err).isZero();
            assertThat(range.field("op")).isEqualTo("\"range\"");
            assertThat(range.field("successes")).isEqualTo("200");
            assertThat(range.field("errors")).isEqualTo("0");
        }
    }

    @Test
    void textReportAgainstEtcdShowsSummary() {
        Run put = bench("--endpoints", endpoint, "put", "--total", "20");
        assertThat(put.code).as(put.err).isZero();
        assertThat(put.out).contains("Summary:", "Requests/sec:", "99.9% in").doesNotContain("Error distribution");
    }

    private static long countKeys(ByteString key, ByteString end) {
        ManagedChannel channel = NettyChannelBuilder.forTarget(endpoint.substring("http://".length()))
                .usePlaintext().build();
        try {
            return KVGrpc.newBlockingStub(channel).withDeadlineAfter(2, TimeUnit.SECONDS)
                    .range(RangeRequest.newBuilder().setKey(key).setRangeEnd(end).setCountOnly(true).build())
                    .getCount();
        } finally {
            channel.shutdownNow();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static Run bench(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = BenchCommand.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private record Run(int code, String out, String err) {
        String field(String name) {
            Matcher m = Pattern.compile("\"" + name + "\":(\"[^\"]*\"|[^,}]+)").matcher(out);
            assertThat(m.find()).as("field %s in %s", name, out).isTrue();
            return m.group(1);
        }
    }
}
