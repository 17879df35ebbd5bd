package dev.cairn.node.cli.snapshot;

import dev.cairn.node.snapshot.SnapshotArchive;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** One prefix's backups in a directory: listing, choosing one, and checking it before it is used. */
record BackupCatalog(Path dir, String prefix) {

    static final String LATEST = "latest";

    /** A backup that passed every check: its recorded SHA-256, the snapshot's own trailer, and its content. */
    record Verified(BackupFileName name, Path file, String sha256, SnapshotStatus.Status status) {

        String json() throws IOException {
            return "{\"file\":\"" + name.fileName() + "\",\"revision\":" + status.revision() + ",\"size\":"
                    + Files.size(file) + ",\"sha256\":\"" + sha256 + "\"}";
        }
    }

    List<BackupFileName> list() throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(file -> BackupFileName.parse(file.getFileName().toString(), prefix))
                    .flatMap(Optional::stream).sorted(Comparator.comparing(BackupFileName::takenAt)).toList();
        }
    }

    /** {@code latest}, or a file name of this prefix. */
    BackupFileName select(String fileOrLatest) throws IOException {
        if (fileOrLatest.equals(LATEST)) {
            List<BackupFileName> backups = list();
            if (backups.isEmpty()) {
                throw new NoSuchFileException(dir.resolve(prefix + "-*" + BackupFileName.SUFFIX).toString(), null,
                        "no backup of " + prefix + " in " + dir);
            }
            return backups.getLast();
        }
        BackupFileName name = BackupFileName.parse(fileOrLatest, prefix).orElseThrow(() -> new SnapshotUsageException(
                "--file " + fileOrLatest + " is not a backup of " + prefix + " (" + prefix
                        + "-<UTC timestamp>-rev<revision>.snap) nor latest"));
        if (!Files.exists(dir.resolve(name.fileName()))) {
            throw new NoSuchFileException(dir.resolve(name.fileName()).toString(), null, "no such backup");
        }
        return name;
    }

    Verified verify(BackupFileName name) throws IOException {
        Path file = dir.resolve(name.fileName());
        Path hashFile = dir.resolve(name.hashFileName());
        if (!Files.exists(hashFile)) {
            throw new IOException("backup " + file + " has no " + hashFile.getFileName() + ": it cannot be checked");
        }
        String recorded = Files.readString(hashFile, StandardCharsets.US_ASCII).strip().split("\\s+")[0];
        String actual = sha256(file);
        if (!actual.equals(recorded)) {
            throw new IOException("backup " + file + " fails its hash: sha256 " + actual + ", recorded " + recorded);
        }
        SnapshotArchive.open(file, false);
        return new Verified(name, file, actual, SnapshotStatus.read(file));
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
}
