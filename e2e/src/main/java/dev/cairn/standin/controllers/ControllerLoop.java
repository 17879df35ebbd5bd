package dev.cairn.standin.controllers;

import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.HttpURLConnection;
import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs one controller's reconciles on one thread from a bounded queue of keys. Watch events enqueue keys; a
 * periodic resync enqueues every object, so a missed event or a refused key is made good within one period; a
 * reconcile that fails is retried after a second.
 */
final class ControllerLoop implements AutoCloseable {

    private static final int QUEUE_CAPACITY = 4096;
    private static final Duration RETRY_DELAY = Duration.ofSeconds(1);

    private final String name;
    private final Consumer<ObjectKey> reconcile;
    private final Supplier<Collection<ObjectKey>> everything;
    private final Duration resync;
    private final Logger log;
    private final KeyQueue queue = new KeyQueue(QUEUE_CAPACITY);
    private final ScheduledExecutorService timer;
    private final Thread worker;

    ControllerLoop(String name, Consumer<ObjectKey> reconcile, Supplier<Collection<ObjectKey>> everything,
            Duration resync) {
        this.name = name;
        this.reconcile = reconcile;
        this.everything = everything;
        this.resync = resync;
        this.log = Logger.getLogger("dev.cairn.standin." + name);
        this.timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name(name + "-resync")
                .factory());
        this.worker = Thread.ofPlatform().daemon().name(name).unstarted(this::work);
    }

    void start() {
        worker.start();
        timer.scheduleWithFixedDelay(this::resync, 0, resync.toMillis(), TimeUnit.MILLISECONDS);
    }

    void enqueue(ObjectKey key) {
        if (!queue.offer(key)) {
            log.warning(() -> name + ": work queue full, " + key + " waits for the next resync");
        }
    }

    private void resync() {
        try {
            everything.get().forEach(this::enqueue);
        } catch (RuntimeException e) {
            log.log(Level.WARNING, name + ": resync failed, next one in " + resync, e);
        }
    }

    private void work() {
        while (!Thread.currentThread().isInterrupted()) {
            ObjectKey key;
            try {
                key = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            try {
                reconcile.accept(key);
            } catch (RuntimeException e) {
                // A conflict only means another writer came first: retried like any failure, but not worth a warning.
                Level level = e instanceof KubernetesClientException k && k.getCode() == HttpURLConnection.HTTP_CONFLICT
                        ? Level.FINE : Level.WARNING;
                log.log(level, name + ": reconcile of " + key + " failed, retrying in " + RETRY_DELAY, e);
                if (!timer.isShutdown()) {
                    timer.schedule(() -> enqueue(key), RETRY_DELAY.toMillis(), TimeUnit.MILLISECONDS);
                }
            }
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        worker.interrupt();
        try {
            worker.join(Duration.ofSeconds(10));
            timer.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
