package dev.cairn.node.snapshot;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The bytes a snapshot stream carries before its SHA-256: the header, the checkpoint's files one after the other,
 * and zero padding to a multiple of {@value #ALIGNMENT} bytes (etcdctl recognises the trailing hash by
 * {@code size % 512 == 32}). Files are opened one at a time while reading, so memory stays bounded.
 */
public final class SnapshotPayload {
    public static final int ALIGNMENT = 512;
    public static final int HASH_BYTES = 32;

    private final Path dir;
    private final byte[] header;
    private final SnapshotHeader described;

    private SnapshotPayload(Path dir, SnapshotHeader described) {
        this.dir = dir;
        this.described = described;
        this.header = described.encode();
    }

    /** The payload of the checkpoint in {@code dir} (regular files only; a checkpoint has no subdirectories). */
    public static SnapshotPayload of(Path dir, long revision, long consistentIndex, long memberId, long clusterId) {
        List<SnapshotHeader.FileEntry> files = new ArrayList<>();
        try (Stream<Path> listing = Files.list(dir)) {
            for (Path file : listing.sorted().toList()) {
                if (!Files.isRegularFile(file)) {
                    throw new IllegalStateException("checkpoint " + dir + " holds a non-regular file " + file);
                }
                files.add(new SnapshotHeader.FileEntry(file.getFileName().toString(), Files.size(file)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list checkpoint " + dir + ": " + e.getMessage(), e);
        }
        return new SnapshotPayload(dir, new SnapshotHeader(revision, consistentIndex, memberId, clusterId, files));
    }

    public SnapshotHeader header() {
        return described;
    }

    /** Payload bytes, padding included: a multiple of {@value #ALIGNMENT}. */
    public long size() {
        return padded(header.length + described.filesSize());
    }

    static long padded(long length) {
        return (length + ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT;
    }

    /** Streams the payload; a file that changed size since {@link #of} makes the read fail. */
    public InputStream open() {
        long padding = size() - header.length - described.filesSize();
        List<InputStreamSupplier> parts = new ArrayList<>();
        parts.add(() -> new ByteArrayInputStream(header));
        for (SnapshotHeader.FileEntry file : described.files()) {
            parts.add(() -> new ExactLengthInputStream(Files.newInputStream(dir.resolve(file.name())), file.size(),
                    file.name()));
        }
        parts.add(() -> new ByteArrayInputStream(new byte[(int) padding]));
        Iterator<InputStreamSupplier> next = parts.iterator();
        return new SequenceInputStream(new Enumeration<>() {
            @Override
            public boolean hasMoreElements() {
                return next.hasNext();
            }

            @Override
            public InputStream nextElement() {
                try {
                    return next.next().open();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        });
    }

    private interface InputStreamSupplier {
        InputStream open() throws IOException;
    }

    /** A file of the checkpoint must have exactly the size the header announced. */
    private static final class ExactLengthInputStream extends InputStream {
        private final InputStream in;
        private final String name;
        private long remaining;

        ExactLengthInputStream(InputStream in, long length, String name) {
            this.in = in;
            this.remaining = length;
            this.name = name;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (remaining == 0) {
                return -1;
            }
            int n = in.read(buffer, offset, (int) Math.min(length, remaining));
            if (n < 0) {
                throw new IOException("checkpoint file " + name + " is shorter than announced");
            }
            remaining -= n;
            return n;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
