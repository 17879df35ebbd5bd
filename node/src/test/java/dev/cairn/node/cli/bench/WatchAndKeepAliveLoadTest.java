package dev.cairn.node.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Runs the watch and keep-alive loads against a scripted server on loopback, faithful or with scripted faults. */
class WatchAndKeepAliveLoadTest {
    /** Short, so that runs which detect a fault by a stall end quickly. */
    private static final Duration PATIENCE = Duration.ofMillis(300);

    private ScriptedEtcd server;
    private BenchChannels channels;

    @BeforeEach
    void start() throws IOException {
        server = new ScriptedEtcd();
        channels = new BenchChannels(List.of(new Endpoint("127.0.0.1", server.port())), 2);
        channels.connect(Duration.ofSeconds(10));
    }

    @AfterEach
    void stop() throws InterruptedException {
        channels.close();
        server.close();
    }

    /** 3 streams of 2 watchers over 2 prefixes: each put is owed to 3 watchers. */
    private static WatchBenchmark watch(long puts) {
        return new WatchBenchmark(3, 2, 2, puts, 0, 64, "bench-test/");
    }

    @Test
    void watchRunAgainstAFaithfulServerGetsEveryEventOnce() {
        BenchResult result = watch(40).run(channels, 4, Duration.ofSeconds(30));

        assertThat(result.op()).isEqualTo("watch");
        assertThat(result.errors()).isEmpty();
        assertThat(result.total()).isEqualTo(120);
        assertThat(result.successes()).isEqualTo(120);
        assertThat(result.counts()).containsEntry("watchers", 6L).containsEntry("watchers_created", 6L)
                .containsEntry("puts", 40L).containsEntry("puts_failed", 0L)
                .containsEntry("events_expected", 120L).containsEntry("events_received", 120L)
                .containsEntry("events_lost", 0L);
        assertThat(result.requestsPerSecond()).isPositive();
    }

    @Test
    void watchRunCountsLostAndDuplicatedEvents() {
        server.dropForFirstWatcher = revision -> revision % 10 == 0; // puts get revisions 2..41: 4 of them
        server.duplicate = revision -> revision == 7; // every watcher gets that event twice

        // One prefix, so all 6 watchers are owed every put.
        BenchResult result = new WatchBenchmark(3, 2, 1, 40, 0, 64, "bench-test/").run(channels, 4, PATIENCE);

        assertThat(result.total()).isEqualTo(240);
        assertThat(result.successes()).isEqualTo(236);
        assertThat(result.errors()).isEqualTo(Map.of(
                "watch: events lost", 4L,
                "watch: events duplicated or out of order", 6L));
        assertThat(result.counts()).containsEntry("events_lost", 4L).containsEntry("events_received", 236L);
    }

    @Test
    void keepAliveRunRenewsEveryLeaseEquallyAndRevokesThemAtTheEnd() {
        BenchResult result = new KeepAliveBenchmark(5, 50, 2).run(channels, 3, Duration.ofSeconds(30));

        assertThat(result.op()).isEqualTo("lease-keepalive");
        assertThat(result.errors()).isEmpty();
        assertThat(result.total()).isEqualTo(50);
        assertThat(result.successes()).isEqualTo(50);
        assertThat(server.granted.get()).isEqualTo(5);
        assertThat(server.keepAlivesPerLease).hasSize(5);
        assertThat(server.keepAlivesPerLease.values()).extracting(AtomicInteger::get).containsOnly(10);
        assertThat(server.revoked).containsExactlyInAnyOrderElementsOf(server.keepAlivesPerLease.keySet());
        assertThat(result.counts()).containsEntry("leases_granted", 5L).containsEntry("streams", 3L);
    }

    @Test
    void keepAliveAnswersForAnExpiredLeaseAreErrors() {
        server.expiredLeases.add(1003L); // the third lease granted

        BenchResult result = new KeepAliveBenchmark(5, 50, 1).run(channels, 2, Duration.ofSeconds(30));

        assertThat(result.errors()).isEqualTo(Map.of("keep-alive: lease expired or not found (TTL 0)", 10L));
        assertThat(result.successes()).isEqualTo(40);
    }

    @Test
    void unansweredKeepAlivesEndTheRunAfterThePatienceAsErrors() {
        server.answerKeepAlives = false;

        BenchResult result = new KeepAliveBenchmark(2, 1000, 3).run(channels, 2, PATIENCE);

        assertThat(result.successes()).isZero();
        assertThat(result.errors()).isEqualTo(Map.of("keep-alive: no answer within 300 ms", 6L));
        assertThat(server.revoked).hasSize(2);
    }
}
