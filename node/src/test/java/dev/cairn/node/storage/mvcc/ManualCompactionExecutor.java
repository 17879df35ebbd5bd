package dev.cairn.node.storage.mvcc;

import java.util.ArrayDeque;
import java.util.Deque;

/** Holds compaction work until the test runs it, so tests step physical compaction deterministically. */
final class ManualCompactionExecutor implements CompactionExecutor {
    private final Deque<Runnable> pending = new ArrayDeque<>();

    @Override
    public synchronized void execute(Runnable task) {
        pending.add(task);
    }

    @Override
    public void shutdown() {}

    synchronized int pendingCount() {
        return pending.size();
    }

    void runAll() {
        Runnable task;
        while ((task = poll()) != null) {
            task.run();
        }
    }

    private synchronized Runnable poll() {
        return pending.poll();
    }
}
