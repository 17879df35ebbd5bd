package dev.cairn.node.storage.mvcc;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;

/**
 * Physically deletes the revisions a compaction dropped from the index, in bounded chunks so no single RocksDB
 * write grows with the store. Work cut short by close is redone at the next open (the compact revision is durable).
 */
final class Compactor {
    static final int CHUNK_SIZE = 1000;

    private final MvccStore store;
    private final CompactionExecutor executor;
    private volatile boolean closed;

    Compactor(MvccStore store, CompactionExecutor executor) {
        this.store = store;
        this.executor = executor;
    }

    /**
     * Queues the deletion of what a compaction removed from the index of the store content of
     * {@code contentGeneration}; the work is dropped if that content is replaced (restored from a snapshot) first.
     */
    void delete(long contentGeneration, long compactRevision, List<KeyHistory.Removed> removed,
                CompletableFuture<Void> done) {
        List<KeyHistory.Removed> ordered = new ArrayList<>(removed);
        ordered.sort(Comparator.comparing(KeyHistory.Removed::revision));
        executor.execute(() -> run(contentGeneration, compactRevision, ordered, done));
    }

    private void run(long contentGeneration, long compactRevision, List<KeyHistory.Removed> ordered,
                     CompletableFuture<Void> done) {
        try {
            for (int from = 0; from < ordered.size(); from += CHUNK_SIZE) {
                if (closed) {
                    done.completeExceptionally(new CancellationException(
                            "store closed before compaction at " + compactRevision + " finished"));
                    return;
                }
                List<KeyHistory.Removed> chunk = ordered.subList(from, Math.min(ordered.size(), from + CHUNK_SIZE));
                if (!store.deleteValues(contentGeneration, chunk)) {
                    done.completeExceptionally(new CancellationException("store replaced by a snapshot before "
                            + "compaction at " + compactRevision + " finished"));
                    return;
                }
            }
            done.complete(null);
        } catch (RuntimeException e) {
            done.completeExceptionally(e);
        }
    }

    void close() {
        closed = true;
        executor.shutdown();
    }
}
