package dev.cairn.node.cli.bench;

import dev.cairn.node.config.GoDuration;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class BenchArgsTest {

    private static BenchConfig parse(String... args) {
        return (BenchConfig) BenchArgs.parse(List.of(args));
    }

    @Test
    void putDefaultsMatchEtcdBenchmark() {
        BenchConfig config = parse("put");
        assertThat(config.endpoints()).containsExactly(new Endpoint("127.0.0.1", 2379));
        assertThat(config.conns()).isEqualTo(1);
        assertThat(config.clients()).isEqualTo(1);
        assertThat(config.dialTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.json()).isFalse();
        PutWorkload put = (PutWorkload) config.benchmark();
        assertThat(put.total()).isEqualTo(10000);
        assertThat(put.keySize()).isEqualTo(8);
        assertThat(put.valSize()).isEqualTo(8);
        assertThat(put.keySpaceSize()).isEqualTo(1);
        assertThat(put.sequentialKeys()).isFalse();
        assertThat(put.rate()).isZero();
    }

    @Test
    void globalAndPutFlagsInBothSpellingsAndAnyPosition() {
        BenchConfig config = parse("--endpoints=http://127.0.0.1:1,localhost:2", "put", "--conns", "10",
                "--clients=100", "--total", "5000", "--key-size=8", "--val-size", "256", "--sequential-keys",
                "--key-space-size", "1000", "--rate=250.5", "--dial-timeout", "1m30s", "--json", "--warmup", "300");
        assertThat(config.endpoints()).containsExactly(new Endpoint("127.0.0.1", 1), new Endpoint("localhost", 2));
        assertThat(config.conns()).isEqualTo(10);
        assertThat(config.clients()).isEqualTo(100);
        assertThat(config.dialTimeout()).isEqualTo(Duration.ofSeconds(90));
        assertThat(config.json()).isTrue();
        PutWorkload put = (PutWorkload) config.benchmark();
        assertThat(put.total()).isEqualTo(5000);
        assertThat(put.valSize()).isEqualTo(256);
        assertThat(put.keySpaceSize()).isEqualTo(1000);
        assertThat(put.sequentialKeys()).isTrue();
        assertThat(put.rate()).isEqualTo(250.5);
        assertThat(put.warmup()).isEqualTo(300);
    }

    @Test
    void rangeBuildsTheRequestFromItsFlags() {
        RangeWorkload range = (RangeWorkload) parse("range", "a", "z", "--consistency=s", "--limit", "5",
                "--count-only", "--keys-only=true", "--total", "7").benchmark();
        assertThat(range.total()).isEqualTo(7);
        assertThat(range.warmup()).isZero();
        assertThat(range.request().getKey()).isEqualTo(ByteString.copyFromUtf8("a"));
        assertThat(range.request().getRangeEnd()).isEqualTo(ByteString.copyFromUtf8("z"));
        assertThat(range.request().getSerializable()).isTrue();
        assertThat(range.request().getLimit()).isEqualTo(5);
        assertThat(range.request().getCountOnly()).isTrue();
        assertThat(range.request().getKeysOnly()).isTrue();
    }

    @Test
    void rangeIsLinearizableSingleKeyByDefault() {
        RangeWorkload range = (RangeWorkload) parse("range", "foo").benchmark();
        assertThat(range.request().getSerializable()).isFalse();
        assertThat(range.request().getRangeEnd()).isEmpty();
        assertThat(range.total()).isEqualTo(10000);
    }

    @Test
    void rejectsWhatCannotRun() {
        assertThatThrownBy(() -> parse("put", "--bogus", "1")).hasMessage("unknown flag: --bogus");
        assertThatThrownBy(() -> parse("range", "k", "--sequential-keys"))
                .hasMessage("flag --sequential-keys does not apply to range");
        assertThatThrownBy(() -> parse("put", "--consistency", "s"))
                .hasMessage("flag --consistency does not apply to put");
        assertThatThrownBy(() -> parse()).hasMessageContaining("missing subcommand");
        assertThatThrownBy(() -> parse("txn")).hasMessageContaining("unknown subcommand: txn");
        assertThatThrownBy(() -> parse("range")).hasMessageContaining("range <key> [end]");
        assertThatThrownBy(() -> parse("range", "a", "b", "c")).hasMessageContaining("range <key> [end]");
        assertThatThrownBy(() -> parse("put", "extra")).hasMessageContaining("put takes no arguments");
        assertThatThrownBy(() -> parse("range", "k", "--consistency", "x")).hasMessageContaining("l or s");
        assertThatThrownBy(() -> parse("put", "--total", "0")).hasMessage("--total must be at least 1");
        assertThatThrownBy(() -> parse("put", "--total", "ten")).hasMessageContaining("not a whole number");
        assertThatThrownBy(() -> parse("put", "--clients", "-1")).hasMessageContaining("between 0 and");
        assertThatThrownBy(() -> parse("put", "--rate", "-5")).hasMessageContaining("--rate");
        assertThatThrownBy(() -> parse("put", "--total")).hasMessage("flag needs an argument: --total");
        assertThatThrownBy(() -> parse("put", "--total", "1", "--total=2")).hasMessage("flag given twice: --total");
        assertThatThrownBy(() -> parse("put", "--dial-timeout", "5")).hasMessageContaining("invalid duration");
        assertThatThrownBy(() -> parse("put", "--endpoints", "nohost")).hasMessageContaining("host:port");
        assertThatThrownBy(() -> parse("put", "--endpoints", "https://h:1")).hasMessageContaining("TLS");
        assertThatThrownBy(() -> parse("put", "--key-size", "1", "--key-space-size", "1000"))
                .hasMessageContaining("--key-size 1 is too small");
        assertThatThrownBy(() -> parse("put", "--json=maybe")).hasMessageContaining("true or false");
    }

    @Test
    void watchTakesItsShapeFromFlagsAndDefaults() {
        WatchBenchmark defaults = (WatchBenchmark) parse("watch").benchmark();
        assertThat(defaults.streams()).isEqualTo(100);
        assertThat(defaults.watchersPerStream()).isEqualTo(1);
        assertThat(defaults.prefixes()).isEqualTo(1);
        assertThat(defaults.puts()).isEqualTo(10000);
        assertThat(defaults.valSize()).isEqualTo(16);
        assertThat(defaults.rate()).isZero();

        BenchConfig config = parse("--conns", "4", "--clients", "8", "watch", "--streams", "10",
                "--watchers-per-stream=5", "--prefixes", "3", "--total", "500", "--val-size", "256", "--rate", "100");
        WatchBenchmark watch = (WatchBenchmark) config.benchmark();
        assertThat(config.clients()).isEqualTo(8);
        assertThat(watch.streams()).isEqualTo(10);
        assertThat(watch.watchersPerStream()).isEqualTo(5);
        assertThat(watch.prefixes()).isEqualTo(3);
        assertThat(watch.puts()).isEqualTo(500);
        assertThat(watch.valSize()).isEqualTo(256);
        assertThat(watch.rate()).isEqualTo(100);
    }

    @Test
    void leaseKeepAliveTakesItsShapeFromFlagsAndDefaults() {
        KeepAliveBenchmark defaults = (KeepAliveBenchmark) parse("lease-keepalive").benchmark();
        assertThat(defaults.leases()).isEqualTo(100);
        assertThat(defaults.total()).isEqualTo(10000);
        assertThat(defaults.inFlight()).isEqualTo(1);

        KeepAliveBenchmark keepAlive = (KeepAliveBenchmark) parse("lease-keepalive", "--leases", "7", "--total",
                "70", "--in-flight", "4").benchmark();
        assertThat(keepAlive.leases()).isEqualTo(7);
        assertThat(keepAlive.total()).isEqualTo(70);
        assertThat(keepAlive.inFlight()).isEqualTo(4);
    }

    @Test
    void rejectsWatchAndKeepAliveShapesThatCannotRun() {
        assertThatThrownBy(() -> parse("watch", "--val-size", "8")).hasMessageContaining("at least 16");
        assertThatThrownBy(() -> parse("watch", "--streams", "2", "--prefixes", "3"))
                .hasMessageContaining("--prefixes 3 is more than the 2 watchers");
        assertThatThrownBy(() -> parse("watch", "--total", "5000001"))
                .hasMessageContaining("between 0 and 5000000");
        assertThatThrownBy(() -> parse("watch", "--leases", "3")).hasMessage("flag --leases does not apply to watch");
        assertThatThrownBy(() -> parse("watch", "k")).hasMessageContaining("watch takes no arguments");
        assertThatThrownBy(() -> parse("lease-keepalive", "--streams", "3"))
                .hasMessage("flag --streams does not apply to lease-keepalive");
        assertThatThrownBy(() -> parse("lease-keepalive", "--in-flight", "1025")).hasMessageContaining("between 0 and");
        assertThatThrownBy(() -> parse("lease-keepalive", "--leases", "0")).hasMessage("--leases must be at least 1");
    }

    @Test
    void endpointsAcceptIpv6AndTrailingSlash() {
        assertThat(Endpoint.parse("http://[::1]:2379/")).isEqualTo(new Endpoint("::1", 2379));
        assertThat(Endpoint.parse("[::1]:2379").toString()).isEqualTo("[::1]:2379");
    }

    @Test
    void durationsFollowGoSyntax() {
        assertThat(GoDuration.parse("500ms")).contains(Duration.ofMillis(500));
        assertThat(GoDuration.parse("1.5s")).contains(Duration.ofMillis(1500));
        assertThat(GoDuration.parse("1h2m")).contains(Duration.ofMinutes(62));
        assertThat(GoDuration.parse("2s junk")).isEmpty();
    }

    @Test
    void commandExitsWithUsageCodeAndExplainsUnknownFlag() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = BenchCommand.run(List.of("put", "--nope"), print(out), print(err));
        assertThat(code).isEqualTo(BenchCommand.EXIT_USAGE);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown flag: --nope");
    }

    @Test
    void failoverTakesThePidToKillAndItsDeadlines() {
        FailoverConfig config = (FailoverConfig) BenchArgs.parse(List.of("--endpoints", "127.0.0.1:1,127.0.0.1:2",
                "failover", "--kill-pid", "4242", "--attempt-timeout=250ms", "--timeout", "30s", "--json"));
        assertThat(config.endpoints()).containsExactly(new Endpoint("127.0.0.1", 1), new Endpoint("127.0.0.1", 2));
        assertThat(config.killPid()).isEqualTo(4242);
        assertThat(config.attemptTimeout()).isEqualTo(Duration.ofMillis(250));
        assertThat(config.timeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.json()).isTrue();

        FailoverConfig defaults = (FailoverConfig) BenchArgs.parse(List.of("failover", "--kill-pid", "7"));
        assertThat(defaults.attemptTimeout()).isEqualTo(Duration.ofMillis(100));
        assertThat(defaults.timeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(defaults.dialTimeout()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void failoverRejectsMissingPidLoadFlagsAndInconsistentDeadlines() {
        assertThatThrownBy(() -> BenchArgs.parse(List.of("failover")))
                .hasMessage("failover needs --kill-pid: the process id of the member to kill");
        assertThatThrownBy(() -> BenchArgs.parse(List.of("failover", "--kill-pid", "0")))
                .hasMessage("--kill-pid must be at least 1");
        assertThatThrownBy(() -> BenchArgs.parse(List.of("--clients", "5", "failover", "--kill-pid", "7")))
                .hasMessageStartingWith("flag --clients does not apply to failover");
        assertThatThrownBy(() -> BenchArgs.parse(List.of("failover", "--kill-pid", "7", "--total", "5")))
                .hasMessage("flag --total does not apply to failover");
        assertThatThrownBy(() -> BenchArgs.parse(List.of("failover", "--kill-pid", "7", "--timeout", "50ms")))
                .hasMessage("--timeout must be at least --attempt-timeout");
        assertThatThrownBy(() -> BenchArgs.parse(List.of("put", "--kill-pid", "7")))
                .hasMessage("flag --kill-pid does not apply to put");
        assertThatThrownBy(() -> BenchArgs.parse(List.of("failover", "--kill-pid", "7", "extra")))
                .hasMessage("failover takes no arguments, got: extra");
    }

    @Test
    void helpPrintsUsageAndSucceeds() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = BenchCommand.run(List.of("--help"), print(out), print(new ByteArrayOutputStream()));
        assertThat(code).isEqualTo(BenchCommand.EXIT_OK);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("Usage: cairn bench", "--key-space-size", "--kill-pid");
    }

    @Test
    void unreachableEndpointFailsWithinDialTimeout() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        // Port 1 on loopback is closed on any test machine, so the connection is refused.
        int code = BenchCommand.run(List.of("--endpoints", "127.0.0.1:1", "--dial-timeout", "300ms", "put"),
                print(new ByteArrayOutputStream()), print(err));
        assertThat(code).isEqualTo(BenchCommand.EXIT_FAILED);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("could not connect to 127.0.0.1:1 within 300 ms");
    }

    private static PrintStream print(ByteArrayOutputStream sink) {
        return new PrintStream(sink, true, StandardCharsets.UTF_8);
    }
}
