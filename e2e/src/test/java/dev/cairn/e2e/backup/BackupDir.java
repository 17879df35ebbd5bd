package dev.cairn.e2e.backup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/** The backup claim's directory, which the stand-in's kubelet keeps under its work dir per PVC uid. */
record BackupDir(Path dir) {

    /** The backup files ({@code <prefix>-*.snap}) of one cluster, by name. */
    List<String> snapshots(String prefix) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(file -> file.getFileName().toString())
                    .filter(name -> name.startsWith(prefix + "-") && name.endsWith(".snap")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    /** The SHA-256 the backup's {@code .sha256} file records (sha256sum format). */
    String recordedSha256(String snapshot) {
        try {
            return Files.readString(dir.resolve(snapshot + ".sha256"), StandardCharsets.US_ASCII).strip()
                    .split("\\s+")[0];
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the hash of " + snapshot, e);
        }
    }

    String actualSha256(String snapshot) {
        return sha256(read(snapshot));
    }

    byte[] read(String snapshot) {
        try {
            return Files.readAllBytes(dir.resolve(snapshot));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + snapshot, e);
        }
    }

    long size(String snapshot) {
        return read(snapshot).length;
    }

    /** Writes a backup file and its hash file as {@code sha256sum} would, hashing {@code hashedContent}. */
    void write(String snapshot, byte[] content, byte[] hashedContent) {
        try {
            Files.write(dir.resolve(snapshot), content);
            Files.writeString(dir.resolve(snapshot + ".sha256"), sha256(hashedContent) + "  " + snapshot + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + snapshot, e);
        }
    }

    static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always has SHA-256", e);
        }
    }
}
