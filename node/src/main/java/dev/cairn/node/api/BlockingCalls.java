package dev.cairn.node.api;

import dev.cairn.node.error.EtcdException;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;

import java.util.concurrent.CompletionException;

/**
 * Runs a call of the Lock and Election services, which wait on the store, on its own virtual thread; the thread
 * is interrupted when the client cancels the call or its deadline passes.
 */
final class BlockingCalls {
    interface Body {
        void run() throws InterruptedException;
    }

    interface UnaryBody<R> {
        R run() throws InterruptedException;
    }

    private BlockingCalls() {
    }

    static <R> void unary(StreamObserver<R> observer, UnaryBody<R> body) {
        start(observer, () -> {
            R response = body.run();
            try {
                observer.onNext(response);
                observer.onCompleted();
            } catch (StatusRuntimeException gone) {
                // The client cancelled the call just before the answer: nothing left to tell it.
            }
        });
    }

    /** Runs a streaming body, which sends its own responses and ends the call itself or by failing. */
    static <R> void start(StreamObserver<R> observer, Body body) {
        ServerCallStreamObserver<R> call = (ServerCallStreamObserver<R>) observer;
        Thread thread = Thread.ofVirtual().name("cairn-concurrency-call").unstarted(() -> {
            try {
                body.run();
            } catch (InterruptedException cancelled) {
                // The call is gone: gRPC has already told the client.
            } catch (RuntimeException e) {
                try {
                    call.onError(clientError(e));
                } catch (IllegalStateException | StatusRuntimeException alreadyClosed) {
                    // cancelled meanwhile
                }
            }
        });
        call.setOnCancelHandler(thread::interrupt);
        thread.start();
    }

    /**
     * etcd's v3lock and v3election servers call the KV API through an embedded client, which turns the server's
     * errors into plain Go errors: they reach the caller as code Unknown with etcd's text.
     */
    private static StatusRuntimeException clientError(RuntimeException failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof EtcdException etcd) {
            return Status.UNKNOWN.withDescription(etcd.error().message()).asRuntimeException();
        }
        if (cause instanceof ElectionException election) {
            return Status.UNKNOWN.withDescription(election.getMessage()).asRuntimeException();
        }
        return GrpcErrors.toStatus(cause);
    }
}
