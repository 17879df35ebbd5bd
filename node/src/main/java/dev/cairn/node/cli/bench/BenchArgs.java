package dev.cairn.node.cli.bench;

import dev.cairn.node.config.GoDuration;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Parses {@code cairn bench [global flags] put|range|watch|lease-keepalive|failover [flags]}. Flags may come in any
 * position, as
 * {@code --name value} or {@code --name=value}; boolean flags take no value (or {@code =true/false}).
 */
public final class BenchArgs {
    static final Set<String> GLOBAL_FLAGS = Set.of("endpoints", "conns", "clients", "dial-timeout", "json");
    static final Set<String> PUT_FLAGS = Set.of("total", "warmup", "key-size", "val-size", "sequential-keys",
            "key-space-size", "rate");
    static final Set<String> RANGE_FLAGS = Set.of("total", "warmup", "consistency", "limit", "count-only",
            "keys-only", "rate");
    static final Set<String> WATCH_FLAGS = Set.of("total", "rate", "val-size", "streams", "watchers-per-stream",
            "prefixes");
    static final Set<String> KEEPALIVE_FLAGS = Set.of("total", "leases", "in-flight");
    static final Set<String> FAILOVER_FLAGS = Set.of("kill-pid", "attempt-timeout", "timeout");
    private static final List<Set<String>> ALL_FLAGS = List.of(GLOBAL_FLAGS, PUT_FLAGS, RANGE_FLAGS, WATCH_FLAGS,
            KEEPALIVE_FLAGS, FAILOVER_FLAGS);
    private static final int MAX_IN_FLIGHT_PER_STREAM = 1024;
    private static final String SUBCOMMANDS = "put, range, watch, lease-keepalive or failover";
    private static final Set<String> BOOLEAN_FLAGS = Set.of("json", "sequential-keys", "count-only", "keys-only");

    private final Map<String, String> flags = new LinkedHashMap<>();
    private final List<String> positionals = new ArrayList<>();

    private BenchArgs(List<String> args) {
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("--")) {
                positionals.addAll(args.subList(i + 1, args.size()));
                return;
            }
            if (!arg.startsWith("--") || arg.length() == 2) {
                positionals.add(arg);
                continue;
            }
            String body = arg.substring(2);
            int eq = body.indexOf('=');
            String name = eq < 0 ? body : body.substring(0, eq);
            if (ALL_FLAGS.stream().noneMatch(known -> known.contains(name))) {
                throw new BenchUsageException("unknown flag: --" + name);
            }
            String value;
            if (eq >= 0) {
                value = body.substring(eq + 1);
            } else if (BOOLEAN_FLAGS.contains(name)) {
                value = "true";
            } else if (i + 1 < args.size()) {
                value = args.get(++i);
            } else {
                throw new BenchUsageException("flag needs an argument: --" + name);
            }
            if (flags.put(name, value) != null) {
                throw new BenchUsageException("flag given twice: --" + name);
            }
        }
    }

    /** Parses and validates the arguments that follow {@code bench}. */
    public static BenchPlan parse(List<String> args) {
        return new BenchArgs(args).toPlan();
    }

    private BenchPlan toPlan() {
        if (positionals.isEmpty()) {
            throw new BenchUsageException("missing subcommand: " + SUBCOMMANDS);
        }
        String subcommand = positionals.getFirst();
        List<String> operands = positionals.subList(1, positionals.size());
        if (subcommand.equals("failover")) {
            return failover(operands);
        }
        Benchmark benchmark = switch (subcommand) {
            case "put" -> putWorkload(operands);
            case "range" -> rangeWorkload(operands);
            case "watch" -> watchBenchmark(operands);
            case "lease-keepalive" -> keepAliveBenchmark(operands);
            default -> throw new BenchUsageException("unknown subcommand: " + subcommand + " (expected "
                    + SUBCOMMANDS + ")");
        };
        int conns = (int) positiveLong("conns", 1, Integer.MAX_VALUE);
        int clients = (int) positiveLong("clients", 1, Integer.MAX_VALUE);
        return new BenchConfig(endpoints(), conns, clients, duration("dial-timeout", "5s"), bool("json"), benchmark);
    }

    private FailoverConfig failover(List<String> operands) {
        rejectFlagsOutside(FAILOVER_FLAGS, "failover");
        for (String loadOnly : List.of("conns", "clients")) {
            if (flags.containsKey(loadOnly)) {
                throw new BenchUsageException("flag --" + loadOnly + " does not apply to failover"
                        + " (it uses one connection per endpoint)");
            }
        }
        if (!operands.isEmpty()) {
            throw new BenchUsageException("failover takes no arguments, got: " + String.join(" ", operands));
        }
        if (!flags.containsKey("kill-pid")) {
            throw new BenchUsageException("failover needs --kill-pid: the process id of the member to kill");
        }
        long killPid = positiveLong("kill-pid", 0, Long.MAX_VALUE);
        Duration attemptTimeout = duration("attempt-timeout", "100ms");
        Duration timeout = duration("timeout", "60s");
        if (timeout.compareTo(attemptTimeout) < 0) {
            throw new BenchUsageException("--timeout must be at least --attempt-timeout");
        }
        return new FailoverConfig(endpoints(), duration("dial-timeout", "5s"), bool("json"), killPid,
                attemptTimeout, timeout);
    }

    private List<Endpoint> endpoints() {
        List<Endpoint> endpoints = Arrays.stream(text("endpoints", "127.0.0.1:2379").split(","))
                .filter(s -> !s.isBlank())
                .map(Endpoint::parse)
                .toList();
        if (endpoints.isEmpty()) {
            throw new BenchUsageException("--endpoints must name at least one endpoint");
        }
        return endpoints;
    }

    private Duration duration(String name, String fallback) {
        String text = text(name, fallback);
        Duration duration = GoDuration.parse(text).orElseThrow(() -> new BenchUsageException(
                "invalid duration for --" + name + ": " + text + " (use e.g. 500ms, 2s, 1m)"));
        if (duration.isZero() || duration.isNegative()) {
            throw new BenchUsageException("--" + name + " must be positive");
        }
        return duration;
    }

    private Workload putWorkload(List<String> operands) {
        rejectFlagsOutside(PUT_FLAGS, "put");
        noOperands("put", operands);
        int keySize = (int) positiveLong("key-size", 8, 1 << 20);
        int valSize = (int) nonNegativeLong("val-size", 8, 64L << 20);
        long keySpace = positiveLong("key-space-size", 1, Long.MAX_VALUE);
        return new PutWorkload(loadSize(), keySize, valSize, keySpace, bool("sequential-keys"), System.nanoTime());
    }

    private Workload rangeWorkload(List<String> operands) {
        rejectFlagsOutside(RANGE_FLAGS, "range");
        if (operands.isEmpty() || operands.size() > 2) {
            throw new BenchUsageException("range takes a key and an optional end: range <key> [end]");
        }
        String consistency = text("consistency", "l");
        boolean serializable = switch (consistency) {
            case "l" -> false;
            case "s" -> true;
            default -> throw new BenchUsageException("--consistency must be l or s, got: " + consistency);
        };
        return new RangeWorkload(loadSize(), operands.get(0),
                operands.size() == 2 ? operands.get(1) : null, serializable,
                nonNegativeLong("limit", 0, Long.MAX_VALUE), bool("count-only"), bool("keys-only"));
    }

    private Benchmark watchBenchmark(List<String> operands) {
        rejectFlagsOutside(WATCH_FLAGS, "watch");
        noOperands("watch", operands);
        // A run-unique key root, so watchers see only this run's puts even on a shared server.
        String root = String.format("cairn-bench-watch/%016x/", new SplittableRandom().nextLong());
        return new WatchBenchmark((int) positiveLong("streams", 100, 1_000_000),
                (int) positiveLong("watchers-per-stream", 1, 1_000_000), (int) positiveLong("prefixes", 1, 1_000_000),
                positiveLong("total", 10000, WatchBenchmark.MAX_PUTS), rate(),
                (int) nonNegativeLong("val-size", WatchLedger.STAMP_BYTES, 64L << 20), root);
    }

    private Benchmark keepAliveBenchmark(List<String> operands) {
        rejectFlagsOutside(KEEPALIVE_FLAGS, "lease-keepalive");
        noOperands("lease-keepalive", operands);
        return new KeepAliveBenchmark((int) positiveLong("leases", 100, 1_000_000),
                positiveLong("total", 10000, Long.MAX_VALUE),
                (int) positiveLong("in-flight", 1, MAX_IN_FLIGHT_PER_STREAM));
    }

    private static void noOperands(String subcommand, List<String> operands) {
        if (!operands.isEmpty()) {
            throw new BenchUsageException(subcommand + " takes no arguments, got: " + String.join(" ", operands));
        }
    }

    private void rejectFlagsOutside(Set<String> subcommandFlags, String subcommand) {
        for (String name : flags.keySet()) {
            if (!GLOBAL_FLAGS.contains(name) && !subcommandFlags.contains(name)) {
                throw new BenchUsageException("flag --" + name + " does not apply to " + subcommand);
            }
        }
    }

    private String text(String name, String fallback) {
        return flags.getOrDefault(name, fallback);
    }

    private boolean bool(String name) {
        String value = flags.get(name);
        if (value == null) {
            return false;
        }
        return switch (value) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new BenchUsageException("--" + name + " takes true or false, got: " + value);
        };
    }

    private LoadSize loadSize() {
        return new LoadSize(positiveLong("total", 10000, Long.MAX_VALUE), nonNegativeLong("warmup", 0, Long.MAX_VALUE),
                rate());
    }

    private double rate() {
        String value = text("rate", "0");
        try {
            double rate = Double.parseDouble(value);
            if (rate < 0 || Double.isNaN(rate) || Double.isInfinite(rate)) {
                throw new BenchUsageException("--rate must be 0 (unlimited) or a positive number, got: " + value);
            }
            return rate;
        } catch (NumberFormatException e) {
            throw new BenchUsageException("--rate is not a number: " + value);
        }
    }

    private long positiveLong(String name, long fallback, long max) {
        long value = nonNegativeLong(name, fallback, max);
        if (value == 0) {
            throw new BenchUsageException("--" + name + " must be at least 1");
        }
        return value;
    }

    private long nonNegativeLong(String name, long fallback, long max) {
        String raw = flags.get(name);
        if (raw == null) {
            return fallback;
        }
        long value;
        try {
            value = Long.parseLong(raw);
        } catch (NumberFormatException e) {
            throw new BenchUsageException("--" + name + " is not a whole number: " + raw);
        }
        if (value < 0 || value > max) {
            throw new BenchUsageException("--" + name + " must be between 0 and " + max + ", got: " + raw);
        }
        return value;
    }
}
