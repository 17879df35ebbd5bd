package dev.cairn.node.cli.bench;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.node.proto.etcdserverpb.KVGrpc;
import dev.cairn.node.proto.etcdserverpb.PutRequest;
import dev.cairn.node.proto.etcdserverpb.PutResponse;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The failover probe against scripted members on loopback whose puts fail while "no leader" is scripted. */
class FailoverProbeTest {
    private final List<Server> servers = new ArrayList<>();
    private BenchChannels channels;

    @AfterEach
    void stop() throws InterruptedException {
        if (channels != null) {
            channels.close();
        }
        for (Server server : servers) {
            server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void measuresFromTheKillToTheFirstSuccessfulPutAndCountsFailedAttempts() throws IOException {
        AtomicBoolean killed = new AtomicBoolean();
        ScriptedMember member = new ScriptedMember(killed, 3, false);
        FailoverProbe probe = new FailoverProbe(connect(member), Duration.ofMillis(100), Duration.ofSeconds(30));

        FailoverResult result = probe.measure(() -> killed.set(true));

        assertThat(member.putsBeforeKill.get()).isEqualTo(1);
        assertThat(member.putsAfterKill.get()).isEqualTo(4);
        assertThat(result.recovered()).isTrue();
        assertThat(result.attempts()).isEqualTo(4);
        // Three failed attempts, each started at least the minimum spacing after the one before.
        assertThat(result.nanosToFirstWrite()).isGreaterThanOrEqualTo(3 * FailoverProbe.MIN_ATTEMPT_SPACING.toNanos());
        assertThat(result.errors()).containsExactly(
                Map.entry("rpc error: code = UNAVAILABLE desc = etcdserver: no leader", 3L));
    }

    @Test
    void triesEveryMemberInEachAttemptAndStopsAtTheFirstThatTakesThePut() throws IOException {
        AtomicBoolean killed = new AtomicBoolean();
        ScriptedMember stuck = new ScriptedMember(killed, Integer.MAX_VALUE, false);
        ScriptedMember recovering = new ScriptedMember(killed, 2, false);
        FailoverProbe probe = new FailoverProbe(connect(stuck, recovering), Duration.ofMillis(100),
                Duration.ofSeconds(30));

        FailoverResult result = probe.measure(() -> killed.set(true));

        assertThat(result.recovered()).isTrue();
        assertThat(result.attempts()).isEqualTo(3);
        assertThat(stuck.putsAfterKill.get()).isEqualTo(3);
        assertThat(recovering.putsAfterKill.get()).isEqualTo(3);
        assertThat(result.errors()).containsExactly(
                Map.entry("rpc error: code = UNAVAILABLE desc = etcdserver: no leader", 5L));
    }

    @Test
    void unansweredPutsTimeOutPerAttemptAndTheProbeGivesUpAtItsTimeout() throws IOException {
        AtomicBoolean killed = new AtomicBoolean();
        ScriptedMember silent = new ScriptedMember(killed, Integer.MAX_VALUE, true);
        FailoverProbe probe = new FailoverProbe(connect(silent), Duration.ofMillis(50), Duration.ofMillis(400));

        FailoverResult result = probe.measure(() -> killed.set(true));

        assertThat(result.recovered()).isFalse();
        assertThat(result.nanosToFirstWrite()).isEqualTo(-1);
        assertThat(result.attempts()).isBetween(1L, 8L);
        assertThat(result.errors()).containsExactly(Map.entry(
                "rpc error: code = DEADLINE_EXCEEDED desc = client request deadline exceeded", result.attempts()));
        assertThat(result.json()).startsWith("{\"op\":\"failover\",\"recovered\":false,\"ms\":-1.0000,\"attempts\":");
    }

    @Test
    void aClusterThatTakesNoPutBeforeTheKillIsNotKilled() throws IOException {
        AtomicBoolean killed = new AtomicBoolean();
        ScriptedMember leaderless = new ScriptedMember(killed, Integer.MAX_VALUE, false);
        leaderless.failBeforeKill.set(true);
        FailoverProbe probe = new FailoverProbe(connect(leaderless), Duration.ofMillis(100), Duration.ofSeconds(5));

        assertThatThrownBy(() -> probe.measure(() -> killed.set(true)))
                .isInstanceOf(BenchConnectException.class)
                .hasMessageContaining("did not take a put before the kill")
                .hasMessageContaining("etcdserver: no leader");
        assertThat(killed).isFalse();
    }

    @Test
    void commandPrintsTheResultAsJson() throws IOException {
        AtomicBoolean killed = new AtomicBoolean();
        ScriptedMember member = new ScriptedMember(killed, 1, false);
        Server server = serve(member);
        FailoverConfig config = (FailoverConfig) BenchArgs.parse(List.of("--endpoints",
                "127.0.0.1:" + server.getPort(), "--json", "failover", "--kill-pid", "1"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        int code = BenchCommand.runFailover(config, () -> killed.set(true), new PrintStream(out, true, UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, UTF_8));

        assertThat(code).isEqualTo(BenchCommand.EXIT_OK);
        assertThat(out.toString(UTF_8)).matches("\\{\"op\":\"failover\",\"recovered\":true,\"ms\":[0-9.]+,"
                + "\"attempts\":2,\"error_messages\":\\{\"rpc error: code = UNAVAILABLE desc = etcdserver: no leader\":1}}\\s*");
    }

    private List<KVGrpc.KVFutureStub> connect(ScriptedMember... members) throws IOException {
        List<Endpoint> endpoints = new ArrayList<>();
        for (ScriptedMember member : members) {
            endpoints.add(new Endpoint("127.0.0.1", serve(member).getPort()));
        }
        channels = new BenchChannels(endpoints, endpoints.size());
        channels.connect(Duration.ofSeconds(10));
        return channels.kvStubs();
    }

    private Server serve(ScriptedMember member) throws IOException {
        Server server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)).addService(member)
                .build().start();
        servers.add(server);
        return server;
    }

    /**
     * Takes puts until the kill; after it, fails the first {@code failuresAfterKill} puts at once with etcd's "no
     * leader" (or, when {@code silent}, never answers them) and takes the rest.
     */
    private static final class ScriptedMember extends KVGrpc.KVImplBase {
        final AtomicInteger putsBeforeKill = new AtomicInteger();
        final AtomicInteger putsAfterKill = new AtomicInteger();
        final AtomicBoolean failBeforeKill = new AtomicBoolean();
        private final AtomicBoolean killed;
        private final int failuresAfterKill;
        private final boolean silent;

        ScriptedMember(AtomicBoolean killed, int failuresAfterKill, boolean silent) {
            this.killed = killed;
            this.failuresAfterKill = failuresAfterKill;
            this.silent = silent;
        }

        @Override
        public void put(PutRequest request, StreamObserver<PutResponse> reply) {
            boolean fail;
            if (!killed.get()) {
                putsBeforeKill.incrementAndGet();
                fail = failBeforeKill.get();
            } else {
                fail = putsAfterKill.incrementAndGet() <= failuresAfterKill;
                if (fail && silent) {
                    return;
                }
            }
            if (fail) {
                reply.onError(Status.UNAVAILABLE.withDescription("etcdserver: no leader").asRuntimeException());
            } else {
                reply.onNext(PutResponse.getDefaultInstance());
                reply.onCompleted();
            }
        }
    }
}
