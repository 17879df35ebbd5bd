package dev.cairn.node.cli.bench;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.cairn.node.proto.etcdserverpb.KVGrpc;
import dev.cairn.node.proto.etcdserverpb.PutRequest;
import dev.cairn.node.proto.etcdserverpb.PutResponse;
import dev.cairn.node.proto.etcdserverpb.RangeRequest;
import dev.cairn.node.proto.etcdserverpb.RangeResponse;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Drives the load loop against a scripted KV server on loopback. */
class LoadRunnerTest {
    private final ScriptedKv kv = new ScriptedKv();
    private Server server;
    private BenchChannels channels;

    @BeforeEach
    void start() throws IOException {
        server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)).addService(kv).build().start();
        channels = new BenchChannels(List.of(new Endpoint("127.0.0.1", server.getPort())), 2);
        channels.connect(Duration.ofSeconds(10));
    }

    @AfterEach
    void stop() throws InterruptedException {
        channels.close();
        kv.shutdown();
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    @Test
    void sendsExactlyTotalRequestsAndCountsEveryFailure() {
        int clients = 4;
        BenchResult result = new LoadRunner(channels.kvStubs(), clients, Duration.ofSeconds(30))
                .run(new PutWorkload(new LoadSize(200, 0, 0), 8, 16, 100, true, 1));

        assertThat(kv.puts.get()).isEqualTo(200);
        assertThat(result.total()).isEqualTo(200);
        assertThat(result.successes()).isEqualTo(180);
        assertThat(result.errors()).containsExactly(
                Map.entry("rpc error: code = UNAVAILABLE desc = scripted overload", 20L));
        assertThat(kv.maxInFlight.get()).isBetween(1, clients);
    }

    @Test
    void warmUpRequestsAreSentFirstAndLeftOutOfTheMeasurement() {
        PutWorkload workload = new PutWorkload(new LoadSize(30, 50, 0), 8, 16, 1000, true, 1);
        BenchResult result = new LoadRunner(channels.kvStubs(), 1, Duration.ofSeconds(30)).run(workload);

        assertThat(kv.puts.get()).isEqualTo(80);
        assertThat(kv.keys).hasSize(80).doesNotHaveDuplicates(); // the measured requests continue the key sequence
        assertThat(result.total()).isEqualTo(30);
        assertThat(result.latencies().getTotalCount()).isEqualTo(27); // puts 60, 70 and 80 fail (every tenth)
        assertThat(result.errors()).containsOnly(
                Map.entry("rpc error: code = UNAVAILABLE desc = scripted overload", 3L),
                Map.entry("warm-up: rpc error: code = UNAVAILABLE desc = scripted overload", 5L));
    }

    @Test
    void unansweredRequestsTimeOutAsErrorsAndTheRunEnds() {
        BenchResult result = new LoadRunner(channels.kvStubs(), 3, Duration.ofMillis(200))
                .run(new RangeWorkload(new LoadSize(3, 0, 0), "k", null, false, 0, false, false));

        assertThat(result.successes()).isZero();
        assertThat(result.errorCount()).isEqualTo(3);
        assertThat(result.errors()).containsExactly(Map.entry(
                "rpc error: code = DEADLINE_EXCEEDED desc = client request deadline exceeded", 3L));
    }

    @Test
    void commandReportsFailuresAndExitsNonZero() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = BenchCommand.run(List.of("--endpoints", "127.0.0.1:" + server.getPort(), "--clients", "5",
                "put", "--total", "50"), new PrintStream(out, true, UTF_8), new PrintStream(err, true, UTF_8));

        assertThat(code).isEqualTo(BenchCommand.EXIT_FAILED);
        assertThat(out.toString(UTF_8)).contains("Error distribution (5 of 50 requests failed):",
                "  [5]\trpc error: code = UNAVAILABLE desc = scripted overload");
        assertThat(err.toString(UTF_8)).contains("5 of 50 requests failed");
    }

    /** Answers puts after 1 ms, failing every tenth; never answers ranges. Tracks concurrent puts. */
    private static final class ScriptedKv extends KVGrpc.KVImplBase {
        final AtomicInteger puts = new AtomicInteger();
        final ConcurrentLinkedQueue<ByteString> keys = new ConcurrentLinkedQueue<>();
        final AtomicInteger inFlight = new AtomicInteger();
        final AtomicInteger maxInFlight = new AtomicInteger();
        private final ScheduledExecutorService replies = Executors.newSingleThreadScheduledExecutor();
        private final ConcurrentLinkedQueue<StreamObserver<RangeResponse>> unanswered = new ConcurrentLinkedQueue<>();

        @Override
        public void put(PutRequest request, StreamObserver<PutResponse> reply) {
            int number = puts.incrementAndGet();
            keys.add(request.getKey());
            maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            replies.schedule(() -> {
                inFlight.decrementAndGet();
                if (number % 10 == 0) {
                    reply.onError(Status.UNAVAILABLE.withDescription("scripted overload").asRuntimeException());
                } else {
                    reply.onNext(PutResponse.getDefaultInstance());
                    reply.onCompleted();
                }
            }, 1, TimeUnit.MILLISECONDS);
        }

        @Override
        public void range(RangeRequest request, StreamObserver<RangeResponse> reply) {
            unanswered.add(reply);
        }

        void shutdown() {
            replies.shutdownNow();
            unanswered.clear();
        }
    }
}
