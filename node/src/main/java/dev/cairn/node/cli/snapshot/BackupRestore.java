package dev.cairn.node.cli.snapshot;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * {@code cairn backup restore}: a member's data dir from a checked backup, for an init step that runs every time
 * the member starts. A data dir that already holds data is left alone (the member restored earlier, or is
 * running on its own data), so restarting never rewinds a member; and with {@code --initial-cluster-state=existing}
 * nothing is restored either, because a member that joins a running cluster gets its data from the leader.
 */
final class BackupRestore {

    private BackupRestore() {
    }

    static void run(List<String> args, PrintStream out) throws IOException {
        SnapshotArgs parsed = SnapshotArgs.parse(args, Set.of("dir", "prefix", "file", "name", "data-dir",
                "initial-cluster", "initial-cluster-token", "initial-advertise-peer-urls", "initial-cluster-state"),
                Set.of());
        BackupCommand.noPositionals(parsed, "restore");
        String state = parsed.flag("initial-cluster-state", "new");
        if (!state.equals("new") && !state.equals("existing")) {
            throw new SnapshotUsageException("--initial-cluster-state must be new or existing, got " + state);
        }
        if (state.equals("existing")) {
            out.println("joining an existing cluster; nothing restored");
            return;
        }
        Path dataDir = Path.of(BackupCommand.required(parsed, "data-dir"));
        if (Files.exists(dataDir) && !Files.isDirectory(dataDir)) {
            throw new IOException("data dir " + dataDir + " exists and is not a directory");
        }
        if (holdsData(dataDir)) {
            out.println("data dir " + dataDir + " holds data already; nothing restored");
            return;
        }
        BackupCatalog catalog = new BackupCatalog(Path.of(BackupCommand.required(parsed, "dir")),
                BackupCommand.prefix(parsed));
        BackupCatalog.Verified backup = catalog.verify(catalog.select(parsed.flag("file", BackupCatalog.LATEST)));
        Files.deleteIfExists(dataDir); // an empty directory, as a fresh volume may hold
        RestoreSnapshot.run(List.of(backup.file().toString(),
                "--name", BackupCommand.required(parsed, "name"),
                "--data-dir", dataDir.toString(),
                "--initial-cluster", BackupCommand.required(parsed, "initial-cluster"),
                "--initial-cluster-token", BackupCommand.required(parsed, "initial-cluster-token"),
                "--initial-advertise-peer-urls", BackupCommand.required(parsed, "initial-advertise-peer-urls")), out);
    }

    private static boolean holdsData(Path dataDir) throws IOException {
        if (!Files.isDirectory(dataDir)) {
            return false;
        }
        try (Stream<Path> entries = Files.list(dataDir)) {
            return entries.findAny().isPresent();
        }
    }
}
