package dev.cairn.node.snapshot;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The start of a Cairn snapshot: magic, format version, the state store's revision and consistent index, the ids
 * of the member and cluster it came from, and the name and size of every state-store file that follows.
 */
public record SnapshotHeader(long revision, long consistentIndex, long memberId, long clusterId,
                             List<FileEntry> files) {
    static final byte[] MAGIC = "CAIRNSNP".getBytes(StandardCharsets.US_ASCII);
    static final int FORMAT_VERSION = 1;
    private static final int MAX_FILES = 100_000;
    private static final int MAX_NAME_BYTES = 255;

    /** One file of the RocksDB checkpoint; its bytes follow the header in list order. */
    public record FileEntry(String name, long size) {
        public FileEntry {
            if (name.isEmpty() || name.contains("/") || name.contains("\\") || name.equals(".") || name.equals("..")) {
                throw new SnapshotFormatException("snapshot names an invalid file \"" + name + "\"");
            }
            if (size < 0) {
                throw new SnapshotFormatException("snapshot file " + name + " has a negative size");
            }
        }
    }

    public SnapshotHeader {
        files = List.copyOf(files);
    }

    /** Bytes of all files together. */
    public long filesSize() {
        return files.stream().mapToLong(FileEntry::size).sum();
    }

    byte[] encode() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.write(MAGIC);
            out.writeInt(FORMAT_VERSION);
            out.writeLong(revision);
            out.writeLong(consistentIndex);
            out.writeLong(memberId);
            out.writeLong(clusterId);
            out.writeInt(files.size());
            for (FileEntry file : files) {
                byte[] name = file.name().getBytes(StandardCharsets.UTF_8);
                out.writeShort(name.length);
                out.write(name);
                out.writeLong(file.size());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Reads a header, refusing anything that is not one of ours or names impossible files. */
    static SnapshotHeader decode(DataInputStream in) throws IOException {
        byte[] magic = in.readNBytes(MAGIC.length);
        if (!java.util.Arrays.equals(magic, MAGIC)) {
            throw new SnapshotFormatException("not a cairn snapshot (bad magic bytes)");
        }
        int version = in.readInt();
        if (version != FORMAT_VERSION) {
            throw new SnapshotFormatException("unsupported cairn snapshot format version " + version
                    + " (this cairn reads version " + FORMAT_VERSION + ")");
        }
        long revision = in.readLong();
        long consistentIndex = in.readLong();
        long memberId = in.readLong();
        long clusterId = in.readLong();
        int count = in.readInt();
        if (count < 0 || count > MAX_FILES) {
            throw new SnapshotFormatException("snapshot header names " + count + " files");
        }
        List<FileEntry> files = new ArrayList<>(Math.min(count, 1024));
        for (int i = 0; i < count; i++) {
            int length = in.readUnsignedShort();
            if (length == 0 || length > MAX_NAME_BYTES) {
                throw new SnapshotFormatException("snapshot header has a file name of " + length + " bytes");
            }
            String name = new String(in.readNBytes(length), StandardCharsets.UTF_8);
            files.add(new FileEntry(name, in.readLong()));
        }
        return new SnapshotHeader(revision, consistentIndex, memberId, clusterId, files);
    }
}
