package dev.cairn.node.api;

import com.google.protobuf.ByteString;
import dev.cairn.node.fs.Directories;
import dev.cairn.node.error.EtcdError;
import dev.cairn.node.proto.etcdserverpb.SnapshotResponse;
import dev.cairn.node.server.EtcdNode;
import dev.cairn.node.snapshot.SnapshotPayload;
import dev.cairn.node.storage.mvcc.StoreCheckpoint;
import io.grpc.stub.ServerCallStreamObserver;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.UUID;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;

/**
 * Maintenance.Snapshot: checkpoints the state store into a temporary directory next to it, streams it as a
 * {@link SnapshotPayload} in 32 KiB chunks, then sends the SHA-256 of everything sent, as etcd does. Each stream
 * runs on its own thread and sends only when the transport is ready, so at most one chunk per stream is buffered;
 * the checkpoint is removed when the stream ends, however it ends.
 */
final class SnapshotStreamer {
    static final int CHUNK_BYTES = 32 * 1024;
    private static final int MAX_CONCURRENT = 4;
    private static final System.Logger LOG = System.getLogger(SnapshotStreamer.class.getName());

    private final EtcdNode node;
    private final ThreadPoolExecutor threads;

    private static final String CHECKPOINT_PREFIX = "snapshot-";

    SnapshotStreamer(EtcdNode node) {
        this.node = node;
        AtomicInteger count = new AtomicInteger();
        this.threads = new ThreadPoolExecutor(0, MAX_CONCURRENT, 60, TimeUnit.SECONDS, new SynchronousQueue<>(),
                task -> {
                    Thread thread = new Thread(task, "cairn-snapshot-" + count.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        removeLeftoverCheckpoints(node.store().dir());
    }

    /** Checkpoints of snapshots that were being streamed when the member last stopped (a crash) are removed. */
    private static void removeLeftoverCheckpoints(Path storeDir) {
        try (Stream<Path> siblings = Files.list(storeDir.getParent())) {
            siblings.filter(path -> path.getFileName().toString().matches(CHECKPOINT_PREFIX + ".*\\.tmp"))
                    .forEach(Directories::deleteQuietly);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot look for leftover snapshot checkpoints: " + e.getMessage());
        }
    }

    void stream(ServerCallStreamObserver<SnapshotResponse> observer) {
        Readiness readiness = new Readiness(observer);
        try {
            threads.execute(() -> send(observer, readiness));
        } catch (RejectedExecutionException e) {
            observer.onError(GrpcErrors.toStatus(EtcdError.TOO_MANY_REQUESTS));
        }
    }

    private void send(ServerCallStreamObserver<SnapshotResponse> observer, Readiness readiness) {
        Path dir = node.store().dir().resolveSibling(CHECKPOINT_PREFIX + UUID.randomUUID() + ".tmp");
        boolean sent = false;
        try {
            StoreCheckpoint checkpoint = node.store().checkpoint(dir);
            SnapshotPayload payload = SnapshotPayload.of(dir, checkpoint.revision(), checkpoint.consistentIndex(),
                    node.membership().localId(), node.membership().clusterId());
            LOG.log(System.Logger.Level.INFO, "sending database snapshot to client ({0} bytes, revision {1})",
                    payload.size(), checkpoint.revision());
            sent = sendPayload(observer, readiness, payload);
        } catch (RuntimeException | IOException e) {
            LOG.log(System.Logger.Level.WARNING, "snapshot stream failed: " + e.getMessage(), e);
            if (!readiness.cancelled()) {
                observer.onError(GrpcErrors.toStatus(e));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            Directories.deleteQuietly(dir);
        }
        // Completed only once the checkpoint is gone, so a client that saw the end sees no leftover.
        if (sent) {
            observer.onCompleted();
            LOG.log(System.Logger.Level.INFO, "successfully sent database snapshot to client");
        }
    }

    /** @return false when the client went away */
    private static boolean sendPayload(ServerCallStreamObserver<SnapshotResponse> observer, Readiness readiness,
                                       SnapshotPayload payload) throws IOException, InterruptedException {
        MessageDigest digest = sha256();
        long remaining = payload.size();
        byte[] buffer = new byte[CHUNK_BYTES];
        try (InputStream in = payload.open()) {
            while (remaining > 0) {
                int n = in.readNBytes(buffer, 0, (int) Math.min(buffer.length, remaining));
                if (n == 0) {
                    throw new IOException("snapshot payload ended " + remaining + " bytes early");
                }
                remaining -= n;
                digest.update(buffer, 0, n);
                if (!readiness.awaitReady()) {
                    return false;
                }
                observer.onNext(SnapshotResponse.newBuilder().setRemainingBytes(remaining)
                        .setBlob(ByteString.copyFrom(buffer, 0, n)).build());
            }
        }
        if (!readiness.awaitReady()) {
            return false;
        }
        observer.onNext(SnapshotResponse.newBuilder().setRemainingBytes(0)
                .setBlob(ByteString.copyFrom(digest.digest())).build());
        return true;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }

    /** Lets the sending thread wait until the call can take another message, or was cancelled. */
    private static final class Readiness {
        private final ServerCallStreamObserver<SnapshotResponse> observer;
        private final ReentrantLock lock = new ReentrantLock();
        private final Condition changed = lock.newCondition();
        private volatile boolean cancelled;

        Readiness(ServerCallStreamObserver<SnapshotResponse> observer) {
            this.observer = observer;
            observer.setOnReadyHandler(this::signal);
            observer.setOnCancelHandler(() -> {
                cancelled = true;
                signal();
            });
        }

        private void signal() {
            lock.lock();
            try {
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }

        boolean cancelled() {
            return cancelled;
        }

        /** @return false once the client cancelled */
        boolean awaitReady() throws InterruptedException {
            lock.lock();
            try {
                while (!cancelled && !observer.isReady()) {
                    changed.await();
                }
                return !cancelled;
            } finally {
                lock.unlock();
            }
        }
    }
}
