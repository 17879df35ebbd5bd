package dev.cairn.standin;

import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;

/** The run command's options; a wrong one is refused with the usage. */
record RunOptions(Path repository, Path workDir, int apiPort, Path sample, Duration timeout) {

    static final String USAGE = """
            usage: standin [--repo DIR] [--work-dir DIR] [--api-port N] [--sample FILE] [--timeout DURATION]
              --repo       the cairn repository: crds/, manifests/ and the built jars (default: .)
              --work-dir   the stand-in's state, wiped at start (default: $TMPDIR/cairn-standin)
              --api-port   the API server's port on 127.0.0.1 (default: 0, any free port)
              --sample     the EtcdCluster to apply (default: manifests/samples/etcdcluster.yaml)
              --timeout    how long to wait for the cluster to become Available, e.g. 10m or 90s (default: 10m)""";

    static RunOptions parse(String... args) {
        Path repository = Path.of(".");
        Path workDir = Path.of(System.getProperty("java.io.tmpdir"), "cairn-standin");
        int apiPort = 0;
        Path sample = null;
        Duration timeout = Duration.ofMinutes(10);
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(flag + " needs a value, or is unknown\n" + USAGE);
            }
            String value = args[++i];
            switch (flag) {
                case "--repo" -> repository = Path.of(value);
                case "--work-dir" -> workDir = Path.of(value);
                case "--api-port" -> apiPort = port(value);
                case "--sample" -> sample = Path.of(value);
                case "--timeout" -> timeout = duration(value);
                default -> throw new IllegalArgumentException("unknown option " + flag + "\n" + USAGE);
            }
        }
        if (sample == null) {
            sample = repository.resolve("manifests/samples/etcdcluster.yaml");
        }
        return new RunOptions(repository, workDir, apiPort, sample, timeout);
    }

    private static int port(String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--api-port takes a number, got " + value);
        }
    }

    private static Duration duration(String value) {
        try {
            Duration parsed = Duration.parse("PT" + value.toUpperCase(java.util.Locale.ROOT));
            if (parsed.isNegative() || parsed.isZero()) {
                throw new IllegalArgumentException("--timeout must be positive, got " + value);
            }
            return parsed;
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("--timeout takes a duration like 10m, 90s or 1h30m, got " + value);
        }
    }
}
