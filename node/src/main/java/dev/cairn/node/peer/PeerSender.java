package dev.cairn.node.peer;

import dev.cairn.node.proto.raft.RaftMessage;
import dev.cairn.node.proto.raft.RaftPeerGrpc;
import dev.cairn.node.raft.Message;
import io.grpc.Status;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Sends the Raft messages for one peer, in order, on one long-lived Send stream. While the stream is ready and
 * nothing waits, the offering thread writes the message itself (no hand-off on the write path); otherwise messages
 * wait in a bounded queue that this sender's thread drains as the stream becomes ready. When the queue is full they
 * are dropped and counted (Raft resends what matters). A failed stream is reported and reopened after an
 * exponential backoff that restarts once a stream reached the peer.
 */
final class PeerSender implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(PeerSender.class.getName());
    private static final long JOIN_MILLIS = 5000;

    /** What the transport learns from a sender. */
    interface Events {
        void failed(long peerId, Status status);
    }

    private final long peerId;
    private final long clusterId;
    private final PeerChannels channels;
    private final int capacity;
    private final Backoff backoff;
    private final Events events;
    private final LongAdder dropped;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<Message> queue = new ArrayDeque<>();
    private final Thread thread;
    private boolean closed;
    /** Under the lock: the open stream, null between streams. */
    private OutboundCall<RaftMessage> current;
    /** Under the lock: a thread is writing to {@link #current}; the stream takes one writer at a time. */
    private boolean writing;
    /** When the current stream first became writable, or null while there is none (etcd's ActiveSince). */
    private volatile Instant activeSince;

    PeerSender(long peerId, long clusterId, PeerChannels channels, PeerSettings settings, Events events,
               LongAdder dropped) {
        this.peerId = peerId;
        this.clusterId = clusterId;
        this.channels = channels;
        this.capacity = settings.queueCapacity();
        this.backoff = new Backoff(settings.minBackoff(), settings.maxBackoff());
        this.events = events;
        this.dropped = dropped;
        this.thread = new Thread(this::run, "peer-sender-" + Long.toHexString(peerId));
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    PeerChannels channels() {
        return channels;
    }

    /**
     * Writes the message now when the stream is ready and nothing waits before it, else queues it; drops it when the
     * queue is full or the sender closed. Never blocks for long.
     */
    boolean offer(Message message) {
        OutboundCall<RaftMessage> call;
        lock.lock();
        try {
            if (closed || queue.size() >= capacity) {
                dropped.increment();
                return false;
            }
            call = current;
            if (writing || !queue.isEmpty() || call == null || !call.ready()) {
                queue.add(message);
                changed.signalAll();
                return true;
            }
            writing = true;
        } finally {
            lock.unlock();
        }
        write(call, message);
        return true;
    }

    /** Writes holding the writer's role, then hands it back (waking this sender's thread only if it has work). */
    private void write(OutboundCall<RaftMessage> call, Message message) {
        try {
            call.write(RaftMessageCodec.toProto(message, clusterId));
        } finally {
            lock.lock();
            try {
                writing = false;
                if (closed || !queue.isEmpty()) {
                    changed.signalAll();
                }
            } finally {
                lock.unlock();
            }
        }
    }

    Optional<Instant> activeSince() {
        return Optional.ofNullable(activeSince);
    }

    int queued() {
        lock.lock();
        try {
            return queue.size();
        } finally {
            lock.unlock();
        }
    }

    private void run() {
        boolean reportedUnreachable = false;
        var channel = channels.current();
        while (true) {
            OutboundCall<RaftMessage> call = new OutboundCall<>(lock, changed);
            RaftPeerGrpc.newStub(channel).send(call);
            Status failure;
            try {
                failure = pump(call);
            } catch (InterruptedException e) {
                failure = null;
            }
            activeSince = null;
            if (failure == null) { // closed
                call.cancel("the transport is closing");
                return;
            }
            // A stream that reached the peer starts the backoff over, unless the peer refused us (then
            // retrying fast would only repeat the refusal).
            if (call.everReady() && failure.getCode() != Status.Code.FAILED_PRECONDITION) {
                backoff.reset();
            }
            if (call.everReady() || !reportedUnreachable) {
                LOG.log(System.Logger.Level.WARNING, "stream to peer {0} ({1}) failed: {2}",
                        Long.toHexString(peerId), channels.currentUrl(), OutboundCall.describe(failure));
            }
            reportedUnreachable = !call.everReady();
            events.failed(peerId, failure);
            if (!awaitBackoff(backoff.nextNanos())) {
                return;
            }
            channel = channels.next();
        }
    }

    /**
     * Writes queued messages while the call is ready; returns why the call failed, or null once closed (and no other
     * thread writes to the call any more, so it may be cancelled).
     */
    private Status pump(OutboundCall<RaftMessage> call) throws InterruptedException {
        lock.lock();
        try {
            current = call;
            while (!closed) {
                if (call.finished()) {
                    return call.failure() != null ? call.failure()
                            : Status.UNAVAILABLE.withDescription("the peer ended the stream");
                }
                if (activeSince == null && call.ready()) {
                    activeSince = Instant.now();
                }
                if (!writing && !queue.isEmpty() && call.ready()) {
                    writing = true;
                    Message next = queue.poll();
                    lock.unlock();
                    try {
                        write(call, next);
                    } finally {
                        lock.lock();
                    }
                    continue;
                }
                changed.await();
            }
            current = null; // the offering thread queues from now on
            while (writing) {
                changed.await();
            }
            return null;
        } finally {
            current = null;
            lock.unlock();
        }
    }

    /** Waits before the next attempt; false when closed meanwhile. */
    private boolean awaitBackoff(long nanos) {
        lock.lock();
        try {
            long remaining = nanos;
            while (!closed && remaining > 0) {
                remaining = changed.awaitNanos(remaining);
            }
            return !closed;
        } catch (InterruptedException e) {
            return false;
        } finally {
            lock.unlock();
        }
    }

    /** Stops the thread (dropping what is queued) and closes the channels. */
    @Override
    public void close() throws InterruptedException {
        lock.lock();
        try {
            closed = true;
            queue.clear();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        thread.join(JOIN_MILLIS);
        if (thread.isAlive()) {
            thread.interrupt();
            thread.join(JOIN_MILLIS);
        }
        channels.close();
    }
}
