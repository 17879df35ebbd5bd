package dev.cairn.node.api;

import dev.cairn.node.error.EtcdError;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Finishes unary calls whose work completes on the node's own threads (the apply thread, the raft loop): the
 * response is built and sent on this bounded pool instead, so serializing answers never slows the write path.
 */
final class Responder implements AutoCloseable {
    private static final int QUEUE_CAPACITY = 65_536;

    private final ThreadPoolExecutor pool;

    Responder(int threads) {
        AtomicInteger count = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(QUEUE_CAPACITY),
                task -> {
                    Thread thread = new Thread(task, "cairn-respond-" + count.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
    }

    Executor executor() {
        return pool;
    }

    /** Sends {@code build(result)} when {@code work} completes, or its failure as etcd's status. */
    <T, R> void reply(CompletableFuture<T> work, Function<T, R> build, StreamObserver<R> observer) {
        work.whenComplete((result, failure) -> {
            try {
                pool.execute(() -> finish(() -> {
                    if (failure != null) {
                        throw failure instanceof RuntimeException r ? r : new RuntimeException(failure);
                    }
                    return build.apply(result);
                }, observer));
            } catch (RejectedExecutionException e) {
                observer.onError(GrpcErrors.toStatus(EtcdError.TOO_MANY_REQUESTS));
            }
        });
    }

    /**
     * Sends {@code build(result)} on the thread that completes {@code work}. For small answers to writes, which
     * complete on the apply thread: building and queueing them costs less than handing them to another thread.
     */
    static <T, R> void replyDirectly(CompletableFuture<T> work, Function<T, R> build, StreamObserver<R> observer) {
        work.whenComplete((result, failure) -> finish(() -> {
            if (failure != null) {
                throw failure instanceof RuntimeException r ? r : new RuntimeException(failure);
            }
            return build.apply(result);
        }, observer));
    }

    /** Runs {@code answer} on the calling thread and sends its result or its failure. */
    static <R> void finish(Supplier<R> answer, StreamObserver<R> observer) {
        R response;
        try {
            response = answer.get();
        } catch (RuntimeException e) {
            observer.onError(GrpcErrors.toStatus(e));
            return;
        }
        try {
            observer.onNext(response);
            observer.onCompleted();
        } catch (StatusRuntimeException e) {
            // The client cancelled the call or went away before the answer: nothing left to tell it.
        }
    }

    @Override
    public void close() {
        pool.shutdown();
    }
}
