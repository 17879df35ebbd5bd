package dev.cairn.node.cli.snapshot;

import dev.cairn.node.snapshot.SnapshotArchive;
import dev.cairn.node.storage.mvcc.MvccStore;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * {@code cairn snapshot status <file>}: hash, revision, total keys and total size, printed as etcdctl prints
 * them ({@code simple}, {@code table} or {@code json}). The hash is the CRC-32C of the state store's content, the
 * value Maintenance.Hash answers for it; total keys counts the entries of every column family and total size is
 * the state store's files, the counterparts of etcd's bbolt key count and file size.
 */
final class SnapshotStatus {
    private static final List<String> HEADER = List.of("HASH", "REVISION", "TOTAL KEYS", "TOTAL SIZE");

    private SnapshotStatus() {
    }

    record Status(long hash, long revision, long totalKeys, long totalSize) {
    }

    static void run(List<String> args, PrintStream out) throws IOException {
        SnapshotArgs parsed = SnapshotArgs.parse(args, Set.of("w", "write-out"), Set.of());
        Path file = Path.of(parsed.file("status <filename>"));
        String format = parsed.flag("write-out", parsed.flag("w", "simple"));
        if (!Set.of("simple", "table", "json").contains(format)) {
            throw new SnapshotUsageException("unsupported output format " + format
                    + " for snapshot status (simple, table or json)");
        }
        Status status = read(file);
        switch (format) {
            case "json" -> out.println("{\"hash\":" + status.hash() + ",\"revision\":" + status.revision()
                    + ",\"totalKey\":" + status.totalKeys() + ",\"totalSize\":" + status.totalSize() + "}");
            case "table" -> out.print(TextTable.render(HEADER, cells(status)));
            default -> out.println(String.join(", ", cells(status)));
        }
    }

    private static List<String> cells(Status status) {
        return List.of(Long.toHexString(status.hash()), Long.toString(status.revision()),
                Long.toString(status.totalKeys()), HumanBytes.format(status.totalSize()));
    }

    /** Unpacks the snapshot into a temporary directory, opens it as a store, and measures it. */
    static Status read(Path file) throws IOException {
        // As etcd's status, which reads the file as it is and checks no hash.
        SnapshotArchive archive = SnapshotArchive.open(file, true);
        Path scratch = Files.createTempDirectory("cairn-snapshot-status");
        try {
            archive.extractTo(scratch);
            try (MvccStore store = MvccStore.open(scratch)) {
                return new Status(Integer.toUnsignedLong(store.hash()), archive.header().revision(),
                        store.totalKeys(), archive.header().filesSize());
            }
        } finally {
            Directories.deleteRecursively(scratch);
        }
    }
}
