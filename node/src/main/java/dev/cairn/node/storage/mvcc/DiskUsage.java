package dev.cairn.node.storage.mvcc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

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
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(DiskUsage::sizeOf).sum();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot measure data dir " + dir, e);
        }
    }

    private static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0; // a file RocksDB removed while we walked
        }
    }
}
