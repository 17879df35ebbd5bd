package dev.cairn.node.cli.snapshot;

import com.google.protobuf.ByteString;
import dev.cairn.node.config.GoDuration;
import dev.cairn.node.proto.etcdserverpb.KVGrpc;
import dev.cairn.node.proto.etcdserverpb.RangeRequest;
import dev.cairn.node.snapshot.SnapshotArchive;
import io.grpc.ManagedChannel;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * {@code cairn backup save}: one verified backup into a directory, then retention. The snapshot is streamed from the
 * first endpoint that answers a linearizable read (so it holds every write acknowledged before) into a hidden file,
 * checked as a restore would check it, its SHA-256 is written next to it, and only then does it get its final name;
 * a failed run leaves no file under a final name. Backups beyond
 * retention are deleted last, so a failed backup never costs an older one. A one-line JSON summary goes to stdout
 * and, with {@code --result-file}, to that file (a pod's termination message).
 */
final class BackupSave {
    private static final String INCOMING = ".incoming";
    /** Past etcd's request timeout with default timings (7 s), so a member that can answer has time to. */
    private static final Duration CURRENT_READ_DEADLINE = Duration.ofSeconds(10);

    private final Clock clock;

    BackupSave(Clock clock) {
        this.clock = clock;
    }

    void run(List<String> args, PrintStream out) throws IOException {
        Set<String> valued = new HashSet<>(ToolConnection.FLAGS);
        valued.addAll(Set.of("endpoints", "dir", "prefix", "keep-last", "keep-within", "result-file"));
        SnapshotArgs parsed = SnapshotArgs.parse(args, valued, Set.of());
        BackupCommand.noPositionals(parsed, "save");
        BackupCatalog catalog = new BackupCatalog(Path.of(BackupCommand.required(parsed, "dir")),
                BackupCommand.prefix(parsed));
        List<String> endpoints = List.of(BackupCommand.required(parsed, "endpoints").split(","));
        BackupRetention retention = new BackupRetention(
                parsed.optional("keep-last").map(BackupSave::count).map(OptionalInt::of).orElse(OptionalInt.empty()),
                parsed.optional("keep-within").map(BackupSave::duration));
        Files.createDirectories(catalog.dir());

        Instant started = clock.instant();
        Path incoming = catalog.dir().resolve("." + catalog.prefix() + INCOMING);
        Files.deleteIfExists(incoming); // left by a run that died; runs of one schedule never overlap
        try {
            String endpoint = downloadFromFirstAnswering(endpoints, parsed, incoming);
            SnapshotArchive.open(incoming, false); // the trailer a restore checks
            SnapshotStatus.Status status = SnapshotStatus.read(incoming);
            BackupFileName name = BackupFileName.of(catalog.prefix(), started, status.revision());
            String sha256 = BackupCatalog.sha256(incoming);
            Path file = catalog.dir().resolve(name.fileName());
            if (Files.exists(file)) { // rename(2) would replace it silently
                throw new IOException("a backup named " + name.fileName() + " exists already");
            }
            // The hash first: whoever sees the final name finds the hash beside it.
            writeAtomically(catalog.dir().resolve(name.hashFileName()), sha256 + "  " + name.fileName() + "\n");
            Files.move(incoming, file, StandardCopyOption.ATOMIC_MOVE);
            syncDirectory(catalog.dir());
            List<String> pruned = prune(catalog, retention);
            String summary = "{\"file\":\"" + name.fileName() + "\",\"revision\":" + status.revision()
                    + ",\"size\":" + Files.size(file) + ",\"sha256\":\"" + sha256 + "\",\"endpoint\":\"" + endpoint
                    + "\",\"startTime\":\"" + started + "\",\"completionTime\":\"" + clock.instant()
                    + "\",\"pruned\":" + pruned.stream().map(p -> "\"" + p + "\"").toList() + "}";
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
                awaitCurrent(connection.channel());
                SaveSnapshot.download(connection.channel(), incoming);
                return endpoint;
            } catch (IOException | RuntimeException e) {
                failures.add(endpoint + ": " + describe(e));
            }
        }
        throw new IOException("no endpoint gave a snapshot: " + String.join("; ", failures));
    }

    /**
     * A linearizable read through the member first. It returns once the member has applied every write the cluster
     * acknowledged before the backup began, so the snapshot taken next holds them all; a follower still catching up
     * would otherwise hand out an older state. A member cut off from its leader fails here and the next is tried.
     */
    private static void awaitCurrent(ManagedChannel channel) {
        KVGrpc.newBlockingStub(channel).withDeadlineAfter(CURRENT_READ_DEADLINE.toMillis(), TimeUnit.MILLISECONDS)
                .range(RangeRequest.newBuilder().setKey(ByteString.copyFrom(new byte[] {0})).setLimit(1)
                        .setKeysOnly(true).build());
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

    private List<String> prune(BackupCatalog catalog, BackupRetention retention) throws IOException {
        List<String> pruned = new ArrayList<>();
        for (BackupFileName expired : retention.expired(catalog.list(), clock.instant())) {
            Files.deleteIfExists(catalog.dir().resolve(expired.fileName()));
            Files.deleteIfExists(catalog.dir().resolve(expired.hashFileName()));
            pruned.add(expired.fileName());
        }
        return pruned;
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
