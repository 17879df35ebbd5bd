package dev.cairn.node.peer;

import dev.cairn.node.proto.raft.PeerAck;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A client-streaming call written with gRPC flow control: the writer waits until the call is ready instead of
 * letting gRPC buffer without bound. State changes (ready, failed, answered) signal {@code changed}, under
 * {@code lock}, which the writer may share with other conditions it waits for.
 */
final class OutboundCall<T> implements ClientResponseObserver<T, PeerAck> {
    private final ReentrantLock lock;
    private final Condition changed;
    private ClientCallStreamObserver<T> requests;
    private Status failure;
    private boolean answered;
    private boolean everReady;

    OutboundCall(ReentrantLock lock, Condition changed) {
        this.lock = lock;
        this.changed = changed;
    }

    @Override
    public void beforeStart(ClientCallStreamObserver<T> requestStream) {
        requests = requestStream;
        requestStream.setOnReadyHandler(this::becameReady);
    }

    @Override
    public void onNext(PeerAck ack) {
        // The answer carries nothing; completion is what counts.
    }

    @Override
    public void onError(Throwable t) {
        lock.lock();
        try {
            failure = Status.fromThrowable(t);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void onCompleted() {
        lock.lock();
        try {
            answered = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void becameReady() {
        lock.lock();
        try {
            everReady |= requests.isReady();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Whether a message can be written now without buffering; true at least once means the peer was reached. */
    boolean ready() {
        boolean ready = !finished() && requests.isReady();
        everReady |= ready;
        return ready;
    }

    boolean everReady() {
        return everReady;
    }

    /** Under the lock: the call failed or the peer answered. */
    boolean finished() {
        return failure != null || answered;
    }

    /** Under the lock: why the call failed, or null. */
    Status failure() {
        return failure;
    }

    /** Writes one message; call without holding the lock, after {@link #ready()} said yes. */
    void write(T message) {
        requests.onNext(message);
    }

    /** The call ended (failed or answered) before everything was written. */
    static final class EndedException extends Exception {
        EndedException(String message) {
            super(message);
        }
    }

    /** Waits (holding nothing) until the call is ready, then writes; fails when the call ended first. */
    void writeWhenReady(T message) throws InterruptedException, EndedException {
        lock.lock();
        try {
            while (!ready()) {
                if (finished()) {
                    throw endedEarly();
                }
                changed.await();
            }
        } finally {
            lock.unlock();
        }
        write(message);
    }

    /** Half-closes and waits for the answer: null when the peer accepted, else why not. */
    Status finishAndAwait() throws InterruptedException {
        requests.onCompleted();
        lock.lock();
        try {
            while (!finished()) {
                changed.await();
            }
            return failure;
        } finally {
            lock.unlock();
        }
    }

    void cancel(String reason) {
        requests.cancel(reason, null);
    }

    private EndedException endedEarly() {
        return new EndedException(failure != null ? describe(failure) : "the peer answered before the end");
    }

    static String describe(Status status) {
        return status.getDescription() == null ? status.getCode().toString()
                : status.getCode() + ": " + status.getDescription();
    }
}
