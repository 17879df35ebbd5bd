package dev.cairn.node.cli.snapshot;

import dev.cairn.node.config.GoDuration;
import dev.cairn.node.snapshot.SnapshotArchive;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.Stream;

/**
 * {@code cairn backup save}: one verified backup into a directory, then retention. The snapshot is streamed from the
 * first endpoint that answers into a hidden file, its SHA-256 trailer and content are checked as
 * {@code cairn snapshot status} reads them, its SHA-256 is written next to it, and only then does it get its final
 * name {@code <prefix>-<UTC timestamp>-rev<revision>.snap}; a failed run leaves no file under a final name. Backups
 * beyond retention are deleted last, so a failed backup never costs an older one. A one-line JSON summary goes to
 * stdout and, with {@code --result-file}, to that file (a pod's termination message).
 */
public final class BackupCommand {
    static final String USAGE = """
            Usage:
              cairn backup save --dir=<directory> --prefix=<name> --endpoints=<url>[,<url>...]
                                [--cacert=<file>] [--cert=<file>] [--key=<file>]
                                [--keep-last=<n>] [--keep-within=<duration, e.g. 168h>] [--result-file=<file>]
            """;
    private static final String INCOMING = ".incoming";

    private final Clock clock;

    BackupCommand(Clock clock) {
        this.clock = clock;
    }

    public static int run(List<String> args, PrintStream out, PrintStream err) {
        if (args.isEmpty() || !args.get(0).equals("save")) {
            boolean help = !args.isEmpty() && Set.of("help", "--help", "-h").contains(args.get(0));
            (help ? out : err).print(USAGE);
            return help ? 0 : 1;
        }
        try {
            new BackupCommand(Clock.systemUTC()).save(args.subList(1, args.size()), out);
            return 0;
        } catch (IOException | RuntimeException e) {
            err.println("Error: " + (e.getMessage() != null ? e.getMessage() : e.toString()));
            return 1;
        }
    }

    void save(List<String> args, PrintStream out) throws IOException {
        Set<String> valued = new HashSet<>(ToolConnection.FLAGS);
        valued.addAll(Set.of("endpoints", "dir", "prefix", "keep-last", "keep-within", "result-file"));
        SnapshotArgs parsed = SnapshotArgs.parse(args, valued, Set.of());
        if (!parsed.positionals().isEmpty()) {
            throw new SnapshotUsageException("backup save takes no arguments, got " + parsed.positionals());
        }
        Path dir = Path.of(required(parsed, "dir"));
        String prefix = required(parsed, "prefix");
        if (!prefix.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
            throw new SnapshotUsageException("--prefix must be letters, digits, '.', '_' or '-', got " + prefix);
        }
        List<String> endpoints = List.of(required(parsed, "endpoints").split(","));
        BackupRetention retention = new BackupRetention(
                parsed.optional("keep-last").map(BackupCommand::count).map(OptionalInt::of).orElse(OptionalInt.empty()),
                parsed.optional("keep-within").map(BackupCommand::duration));
        Files.createDirectories(dir);

        Instant started = clock.instant();
        Path incoming = dir.resolve("." + prefix + INCOMING);
        Files.deleteIfExists(incoming); // left by a run that died; runs of one schedule never overlap
        try {
            String endpoint = downloadFromFirstAnswering(endpoints, parsed, incoming);
            SnapshotStatus.Status status = verify(incoming);
            BackupFileName name = BackupFileName.of(prefix, started, status.revision());
            String sha256 = sha256(incoming);
            Path file = dir.resolve(name.fileName());
            if (Files.exists(file)) { // rename(2) would replace it silently
                throw new IOException("a backup named " + name.fileName() + " exists already");
            }
            // The hash first: whoever sees the final name finds the hash beside it.
            writeAtomically(dir.resolve(name.hashFileName()), sha256 + "  " + name.fileName() + "\n");
            Files.move(incoming, file, StandardCopyOption.ATOMIC_MOVE);
            syncDirectory(dir);
            List<String> pruned = prune(dir, prefix, retention);
            String summary = summary(name, file, status, sha256, endpoint, started, pruned);
            out.println(summary);
            parsed.optional("result-file").ifPresent(result -> writeQuietly(Path.of(result), summary));
        } finally {
            Files.deleteIfExists(incoming);
        }
    }

    private static String downloadFromFirstAnswering(List<String> endpoints, SnapshotArgs parsed, Path incoming)
            throws IOException {
        List<String> failures = new ArrayList<>();
        for (String endpoint : endpoints) {
            try (ToolConnection connection = ToolConnection.open(endpoint, parsed.optional("cacert"),
                    parsed.optional("cert"), parsed.optional("key"))) {
                SaveSnapshot.download(connection.channel(), incoming);
                return endpoint;
            } catch (IOException | RuntimeException e) {
                failures.add(endpoint + ": " + describe(e));
            }
        }
        throw new IOException("no endpoint gave a snapshot: " + String.join("; ", failures));
    }

    /** gRPC's own descriptions ("io exception") say little; the root cause says what went wrong. */
    private static String describe(Exception failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == failure || root.getMessage() == null ? String.valueOf(failure.getMessage())
                : failure.getMessage() + " (" + root.getMessage() + ")";
    }

    /** The checks {@code cairn snapshot restore} makes, run now rather than when the backup is needed. */
    private static SnapshotStatus.Status verify(Path snapshot) throws IOException {
        SnapshotArchive.open(snapshot, false);
        return SnapshotStatus.read(snapshot);
    }

    private List<String> prune(Path dir, String prefix, BackupRetention retention) throws IOException {
        List<BackupFileName> backups;
        try (Stream<Path> files = Files.list(dir)) {
            backups = files.map(file -> BackupFileName.parse(file.getFileName().toString(), prefix))
                    .flatMap(Optional::stream).toList();
        }
        List<String> pruned = new ArrayList<>();
        for (BackupFileName expired : retention.expired(backups, clock.instant())) {
            Files.deleteIfExists(dir.resolve(expired.fileName()));
            Files.deleteIfExists(dir.resolve(expired.hashFileName()));
            pruned.add(expired.fileName());
        }
        return pruned;
    }

    private static String summary(BackupFileName name, Path file, SnapshotStatus.Status status, String sha256,
                                  String endpoint, Instant started, List<String> pruned) throws IOException {
        return "{\"file\":\"" + name.fileName() + "\",\"revision\":" + status.revision()
                + ",\"size\":" + Files.size(file) + ",\"sha256\":\"" + sha256 + "\",\"endpoint\":\"" + endpoint
                + "\",\"startTime\":\"" + started + "\",\"completionTime\":\"" + Instant.now()
                + "\",\"pruned\":" + pruned.stream().map(p -> "\"" + p + "\"").toList() + "}";
    }

    static String sha256(Path file) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always has SHA-256", e);
        }
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static void writeAtomically(Path target, String content) throws IOException {
        Path partial = target.resolveSibling(target.getFileName() + ".part");
        try (FileChannel channel = FileChannel.open(partial, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            channel.write(StandardCharsets.US_ASCII.encode(content));
            channel.force(true);
        }
        Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static void syncDirectory(Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    /** The result file is a convenience for whoever runs the backup; the backup itself already succeeded. */
    private static void writeQuietly(Path file, String content) {
        try {
            Files.writeString(file, content + "\n");
        } catch (IOException e) {
            System.err.println("warning: cannot write --result-file " + file + ": " + e.getMessage());
        }
    }

    private static String required(SnapshotArgs parsed, String flag) {
        return parsed.optional(flag).filter(value -> !value.isBlank())
                .orElseThrow(() -> new SnapshotUsageException("--" + flag + " is required\n" + USAGE));
    }

    private static int count(String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new SnapshotUsageException("--keep-last must be a number, got " + text);
        }
    }

    private static Duration duration(String text) {
        return GoDuration.parse(text).orElseThrow(() -> new SnapshotUsageException(
                "--keep-within must be a duration such as 168h or 30m, got " + text));
    }
}
