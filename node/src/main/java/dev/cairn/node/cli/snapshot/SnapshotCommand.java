package dev.cairn.node.cli.snapshot;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.NoSuchFileException;
import java.util.List;

/**
 * {@code cairn snapshot save|status|restore}, with etcdctl's flags and messages. Every failure is one line on
 * stderr starting with {@code Error:}, as etcdctl prints it, and exit code 1 (etcdctl's ExitError is 1 as well).
 */
public final class SnapshotCommand {
    static final String USAGE = """
            Usage:
              cairn snapshot save <filename> --endpoints=<host:port>
              cairn snapshot status <filename> [-w simple|table|json]
              cairn snapshot restore <filename> [--name] [--data-dir] [--initial-cluster] [--initial-cluster-token]
                                                [--initial-advertise-peer-urls] [--skip-hash-check]
            """;

    private SnapshotCommand() {
    }

    public static int run(List<String> args, PrintStream out, PrintStream err) {
        if (args.isEmpty() || args.get(0).equals("help") || args.get(0).equals("--help") || args.get(0).equals("-h")) {
            (args.isEmpty() ? err : out).print(USAGE);
            return args.isEmpty() ? 1 : 0;
        }
        List<String> rest = args.subList(1, args.size());
        try {
            switch (args.get(0)) {
                case "save" -> SaveSnapshot.run(rest, out);
                case "status" -> SnapshotStatus.run(rest, out);
                case "restore" -> RestoreSnapshot.run(rest, out);
                default -> throw new SnapshotUsageException("unknown snapshot command \"" + args.get(0) + "\"\n"
                        + USAGE);
            }
            return 0;
        } catch (NoSuchFileException e) {
            err.println("Error: open " + e.getFile() + ": no such file or directory");
        } catch (IOException | RuntimeException e) {
            err.println("Error: " + (e.getMessage() != null ? e.getMessage() : e.toString()));
        }
        return 1;
    }
}
