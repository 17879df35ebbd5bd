package dev.cairn.node.api.http;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionHandler;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The small bounded pools that answer HTTP endpoint requests off the network threads: a /health check may wait up
 * to a second for a linearizable read. Probes and scrapes are small and rare, so two threads and a short queue do.
 */
public final class HttpWorkers {
    private static final int THREADS = 2;
    private static final int QUEUE_CAPACITY = 64;

    private HttpWorkers() {
    }

    /** @param whenFull what happens to a request that finds the queue full */
    public static ThreadPoolExecutor create(String name, RejectedExecutionHandler whenFull) {
        AtomicInteger count = new AtomicInteger();
        return new ThreadPoolExecutor(THREADS, THREADS, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(QUEUE_CAPACITY),
                task -> {
                    Thread thread = new Thread(task, name + "-" + count.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                }, whenFull);
    }
}
