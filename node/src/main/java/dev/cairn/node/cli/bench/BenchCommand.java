package dev.cairn.node.cli.bench;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;

/**
 * {@code cairn bench}: drives any etcd v3 endpoint with Put, Range, watch or lease keep-alive load and reports
 * latency and throughput, or measures the write outage after a member is killed. Exit codes: 0 when every request
 * succeeded (failover: a put succeeded after the kill), 1 when any request failed or the endpoints were unreachable
 * (failover: no put succeeded in time), 2 for a command line that cannot be run.
 */
public final class BenchCommand {
    public static final int EXIT_OK = 0;
    public static final int EXIT_FAILED = 1;
    public static final int EXIT_USAGE = 2;

    /** Per-request deadline, so a stalled server cannot keep a run from ending. */
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    static final String USAGE = """
            Usage: cairn bench [global flags] put|range|watch|lease-keepalive|failover [flags]

            Global flags:
              --endpoints host:port[,...]  etcd v3 endpoints, host:port or http://host:port (default 127.0.0.1:2379)
              --conns N                    gRPC connections (default 1)
              --clients N                  concurrent in-flight requests, spread over the connections (default 1)
              --dial-timeout D             time allowed to connect, e.g. 2s (default 5s)
              --json                       print one JSON object instead of the text report

            put flags:
              --total N            requests to send (default 10000)
              --warmup N           requests sent first and not measured, so that this tool's own code is
                                   compiled by the JIT before measuring starts (default 0)
              --key-size N         key size in bytes (default 8)
              --val-size N         value size in bytes (default 8)
              --sequential-keys    use keys 0,1,2,... modulo the key space instead of random keys
              --key-space-size N   number of distinct keys (default 1)
              --rate R             requests per second, 0 = unlimited (default 0)

            range <key> [end] flags:
              --total N            requests to send (default 10000)
              --warmup N           requests sent first and not measured, so that this tool's own code is
                                   compiled by the JIT before measuring starts (default 0)
              --consistency l|s    linearizable (default) or serializable
              --limit N            maximum keys per response (default 0 = no limit)
              --count-only         return only the count
              --keys-only          return keys without values
              --rate R             requests per second, 0 = unlimited (default 0)

            watch flags (--clients puts in flight; Requests/sec counts events delivered, latencies run from a
            put's send to its event's receipt; a lost, duplicated or out-of-order event is an error):
              --streams N              Watch streams, spread over the connections (default 100)
              --watchers-per-stream N  watchers on each stream (default 1)
              --prefixes N             key prefixes; watcher w watches prefix w mod N, puts go round-robin (default 1)
              --total N                puts to make, at most 5000000 (default 10000)
              --val-size N             value size in bytes, at least 16 (default 16)
              --rate R                 puts per second, 0 = unlimited (default 0)

            lease-keepalive flags (--clients keep-alive streams; leases are granted first and revoked at the end):
              --leases N     leases to renew round-robin (default 100)
              --total N      keep-alives to send in all (default 10000)
              --in-flight N  keep-alives outstanding per stream, at most 1024 (default 1)

            failover flags (one connection per endpoint; --conns and --clients do not apply):
              --kill-pid PID       process to SIGKILL once a put has succeeded through every endpoint
              --attempt-timeout D  deadline of each put after the kill; all endpoints are tried at once
                                   (default 100ms)
              --timeout D          give up when no put succeeded this long after the kill (default 60s)
              Prints the time from the kill to the first successful put.
            """;

    private BenchCommand() {
    }

    public static int run(List<String> args, PrintStream out, PrintStream err) {
        if (args.contains("--help") || args.contains("-h")) {
            out.print(USAGE);
            return EXIT_OK;
        }
        BenchPlan plan;
        Runnable kill = null;
        try {
            plan = BenchArgs.parse(args);
            if (plan instanceof FailoverConfig failover) {
                kill = MemberKiller.forPid(failover.killPid());
            }
        } catch (BenchUsageException e) {
            err.println("cairn bench: " + e.getMessage());
            err.println("Run 'cairn bench --help' for usage.");
            return EXIT_USAGE;
        }
        return switch (plan) {
            case BenchConfig config -> runLoad(config, out, err);
            case FailoverConfig config -> runFailover(config, kill, out, err);
        };
    }

    private static int runLoad(BenchConfig config, PrintStream out, PrintStream err) {
        BenchResult result;
        try (BenchChannels channels = new BenchChannels(config.endpoints(), config.conns())) {
            channels.connect(config.dialTimeout());
            result = config.benchmark().run(channels, config.clients(), REQUEST_TIMEOUT);
        } catch (BenchConnectException e) {
            err.println("cairn bench: " + e.getMessage());
            return EXIT_FAILED;
        }
        out.println(config.json() ? JsonReport.format(result) : TextReport.format(result));
        if (result.errorCount() > 0) {
            err.println("cairn bench: " + result.errorCount() + " of " + result.total() + " requests failed");
            return EXIT_FAILED;
        }
        return EXIT_OK;
    }

    static int runFailover(FailoverConfig config, Runnable kill, PrintStream out, PrintStream err) {
        FailoverResult result;
        try (BenchChannels channels = new BenchChannels(config.endpoints(), config.endpoints().size())) {
            channels.connect(config.dialTimeout());
            result = new FailoverProbe(channels.kvStubs(), config.attemptTimeout(), config.timeout()).measure(kill);
        } catch (BenchConnectException e) {
            err.println("cairn bench: " + e.getMessage());
            return EXIT_FAILED;
        }
        out.println(config.json() ? result.json() : result.text());
        if (!result.recovered()) {
            err.println("cairn bench: no put succeeded within " + config.timeout().toMillis() + " ms of the kill");
            return EXIT_FAILED;
        }
        return EXIT_OK;
    }

    /** Runs the benchmark on its own, without the rest of the {@code cairn} command line. */
    public static void main(String[] args) {
        System.exit(run(List.of(args), System.out, System.err));
    }
}
