package dev.cairn.node.storage.mvcc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.FileVisitResult;
import java.nio.file.NoSuchFileException;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * The bytes the store's files take on disk, as etcd's backend size. Measuring walks the directory, so the space
 * quota reads the last measurement plus the bytes written since, and the apply thread measures again at most once per
 * {@link #REFRESH_NANOS}.
 */
final class DiskUsage {
    private static final long REFRESH_NANOS = 100_000_000;

    private final Path dir;
    private volatile long lastMeasured;
    private volatile long writtenSince;
    private long lastRefreshNanos;

    DiskUsage(Path dir) {
        this.dir = dir;
        refresh();
    }

    /** The size as last measured plus what was written since. */
    long estimate() {
        return lastMeasured + writtenSince;
    }

    /** Called by the apply thread after writing {@code bytes}. */
    synchronized void recordWrite(long bytes) {
        writtenSince += bytes;
        if (System.nanoTime() - lastRefreshNanos >= REFRESH_NANOS) {
            refresh();
        }
    }

    synchronized void refresh() {
        lastMeasured = measure();
        writtenSince = 0;
        lastRefreshNanos = System.nanoTime();
    }

    long measure() {
        long[] total = {0};
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                    if (attributes.isRegularFile()) {
                        total[0] += attributes.size();
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                    if (e instanceof NoSuchFileException) {
                        return FileVisitResult.CONTINUE; // a file RocksDB removed while we walked
                    }
                    throw e;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot measure data dir " + dir, e);
        }
        return total[0];
    }
}
