package dev.cairn.node.snapshot;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/** A snapshot file as saved from a stream: payload, then its 32-byte SHA-256. Reads and unpacks it. */
public final class SnapshotArchive {
    private static final int BUFFER_BYTES = 64 * 1024;

    private final Path file;
    private final long payloadSize;
    private final SnapshotHeader header;

    private SnapshotArchive(Path file, long payloadSize, SnapshotHeader header) {
        this.file = file;
        this.payloadSize = payloadSize;
        this.header = header;
    }

    /**
     * Opens {@code file}: checks its size, its SHA-256 unless {@code skipHashCheck}, and its header.
     *
     * @throws SnapshotFormatException when the file is truncated, corrupted or not a Cairn snapshot
     */
    public static SnapshotArchive open(Path file, boolean skipHashCheck) throws IOException {
        long size = Files.size(file);
        if (size % SnapshotPayload.ALIGNMENT != SnapshotPayload.HASH_BYTES) {
            throw new SnapshotFormatException("snapshot " + file + " is truncated or not a snapshot: its " + size
                    + " bytes are not a multiple of " + SnapshotPayload.ALIGNMENT + " plus a "
                    + SnapshotPayload.HASH_BYTES + "-byte sha256");
        }
        long payloadSize = size - SnapshotPayload.HASH_BYTES;
        if (!skipHashCheck) {
            verifyHash(file, payloadSize);
        }
        SnapshotHeader header;
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            header = SnapshotHeader.decode(in);
            long used = SnapshotPayload.padded(header.encode().length + header.filesSize());
            if (used != payloadSize) {
                throw new SnapshotFormatException("snapshot " + file + " is corrupted: its header describes "
                        + used + " bytes of payload but the file holds " + payloadSize);
            }
        } catch (EOFException e) {
            throw new SnapshotFormatException("snapshot " + file + " is truncated: its header ends early");
        }
        return new SnapshotArchive(file, payloadSize, header);
    }

    private static void verifyHash(Path file, long payloadSize) throws IOException {
        MessageDigest digest = sha256();
        byte[] stored;
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[BUFFER_BYTES];
            long left = payloadSize;
            while (left > 0) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                if (n < 0) {
                    throw new SnapshotFormatException("snapshot " + file + " is truncated");
                }
                digest.update(buffer, 0, n);
                left -= n;
            }
            stored = in.readNBytes(SnapshotPayload.HASH_BYTES);
        }
        byte[] computed = digest.digest();
        if (!Arrays.equals(stored, computed)) {
            // etcd's wording ("expected sha256 %v, got %v"), hex instead of Go's byte-slice print
            throw new SnapshotFormatException("expected sha256 " + HexFormat.of().formatHex(stored) + ", got "
                    + HexFormat.of().formatHex(computed));
        }
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }

    public SnapshotHeader header() {
        return header;
    }

    public long payloadSize() {
        return payloadSize;
    }

    /** Writes the state-store files into {@code dir}, which must exist and be empty; each file is fsynced. */
    public void extractTo(Path dir) throws IOException {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            SnapshotHeader.decode(in);
            byte[] buffer = new byte[BUFFER_BYTES];
            for (SnapshotHeader.FileEntry entry : header.files()) {
                Path target = dir.resolve(entry.name());
                try (OutputStream out = Files.newOutputStream(target, StandardOpenOption.CREATE_NEW,
                        StandardOpenOption.WRITE)) {
                    long left = entry.size();
                    while (left > 0) {
                        int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                        if (n < 0) {
                            throw new SnapshotFormatException("snapshot " + file + " is truncated in " + entry.name());
                        }
                        out.write(buffer, 0, n);
                        left -= n;
                    }
                }
                try (FileChannel channel = FileChannel.open(target, StandardOpenOption.WRITE)) {
                    channel.force(true);
                }
            }
        }
    }
}
