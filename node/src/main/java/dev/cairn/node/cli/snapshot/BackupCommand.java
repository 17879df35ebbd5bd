package dev.cairn.node.cli.snapshot;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Clock;
import java.util.List;
import java.util.Set;

/**
 * {@code cairn backup save|verify|restore}: the backup runbook as commands a scheduled job or an init container
 * runs. Backups live in one directory as {@code <prefix>-<UTC timestamp>-rev<revision>.snap}, each with its
 * SHA-256 beside it. Every failure is one line on stderr starting with {@code Error:} and exit code 1.
 */
public final class BackupCommand {
    static final String USAGE = """
            Usage:
              cairn backup save --dir=<directory> --prefix=<name> --endpoints=<url>[,<url>...]
                                [--cacert=<file>] [--cert=<file>] [--key=<file>]
                                [--keep-last=<n>] [--keep-within=<duration, e.g. 168h>] [--result-file=<file>]
              cairn backup verify --dir=<directory> --prefix=<name> [--file=<name>|latest] [--result-file=<file>]
              cairn backup restore --dir=<directory> --prefix=<name> [--file=<name>|latest] --name=<member>
                                   --data-dir=<dir> --initial-cluster=<name=url,...> --initial-cluster-token=<token>
                                   --initial-advertise-peer-urls=<url> [--initial-cluster-state=new|existing]
            """;

    private BackupCommand() {
    }

    public static int run(List<String> args, PrintStream out, PrintStream err) {
        String command = args.isEmpty() ? "" : args.get(0);
        if (Set.of("help", "--help", "-h").contains(command)) {
            out.print(USAGE);
            return 0;
        }
        List<String> rest = args.isEmpty() ? List.of() : args.subList(1, args.size());
        try {
            switch (command) {
                case "save" -> new BackupSave(Clock.systemUTC()).run(rest, out);
                case "verify" -> BackupVerify.run(rest, out);
                case "restore" -> BackupRestore.run(rest, out);
                default -> {
                    err.print(USAGE);
                    return 1;
                }
            }
            return 0;
        } catch (IOException | RuntimeException e) {
            err.println("Error: " + (e.getMessage() != null ? e.getMessage() : e.toString()));
            return 1;
        }
    }

    static String required(SnapshotArgs parsed, String flag) {
        return parsed.optional(flag).filter(value -> !value.isBlank())
                .orElseThrow(() -> new SnapshotUsageException("--" + flag + " is required\n" + USAGE));
    }

    static String prefix(SnapshotArgs parsed) {
        String prefix = required(parsed, "prefix");
        if (!prefix.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
            throw new SnapshotUsageException("--prefix must be letters, digits, '.', '_' or '-', got " + prefix);
        }
        return prefix;
    }

    static void noPositionals(SnapshotArgs parsed, String command) {
        if (!parsed.positionals().isEmpty()) {
            throw new SnapshotUsageException("backup " + command + " takes no arguments, got " + parsed.positionals());
        }
    }
}
