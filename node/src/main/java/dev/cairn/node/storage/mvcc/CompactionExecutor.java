package dev.cairn.node.storage.mvcc;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/** Runs the physical deletion work of compactions, off the apply thread. */
public interface CompactionExecutor {
    void execute(Runnable task);

    /** Stops accepting work and waits for the running task. */
    void shutdown();

    /**
     * One daemon thread with a bounded queue; when the queue is full the submitting thread runs the task itself,
     * which slows the apply thread instead of growing memory.
     */
    static CompactionExecutor backgroundThread() {
        ThreadPoolExecutor executor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(64), task -> {
                    Thread thread = new Thread(task, "cairn-mvcc-compactor");
                    thread.setDaemon(true);
                    return thread;
                }, new ThreadPoolExecutor.CallerRunsPolicy());
        return new CompactionExecutor() {
            @Override
            public void execute(Runnable task) {
                executor.execute(task);
            }

            @Override
            public void shutdown() {
                executor.shutdown();
                try {
                    executor.awaitTermination(1, TimeUnit.MINUTES);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
    }
}
