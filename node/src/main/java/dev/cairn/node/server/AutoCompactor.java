package dev.cairn.node.server;

import dev.cairn.node.error.EtcdError;
import dev.cairn.node.error.EtcdException;
import dev.cairn.node.proto.etcdserverpb.CompactionRequest;
import dev.cairn.node.proto.raft.InternalRequest;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs a {@link CompactionPolicy} on its own thread, as etcd's --auto-compaction-mode and
 * --auto-compaction-retention do: while this member leads, each due check may propose a Compact through the log.
 */
public final class AutoCompactor implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(AutoCompactor.class.getName());
    private static final long PROPOSE_TIMEOUT_SECONDS = 30;

    private final EtcdNode node;
    private final CompactionPolicy policy;
    private final ScheduledExecutorService thread;

    AutoCompactor(EtcdNode node, CompactionPolicy policy) {
        this.node = node;
        this.policy = policy;
        this.thread = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread t = new Thread(task, "cairn-auto-compactor");
            t.setDaemon(true);
            return t;
        });
        long interval = policy.checkInterval().toNanos();
        thread.scheduleWithFixedDelay(this::check, interval, interval, TimeUnit.NANOSECONDS);
    }

    /** Keeps the revisions of the last {@code retention}. */
    public static AutoCompactor periodic(EtcdNode node, Duration retention) {
        return new AutoCompactor(node, new PeriodicCompaction(retention, System.nanoTime(), node.store().currentRevision()));
    }

    /** Keeps the last {@code retention} revisions, checking every 5 minutes as etcd does. */
    public static AutoCompactor revision(EtcdNode node, long retention) {
        return new AutoCompactor(node, new RevisionCompaction(retention, RevisionCompaction.ETCD_CHECK_INTERVAL));
    }

    private void check() {
        if (node.raftStatus().leaderId() != node.membership().localId()) {
            return; // etcd pauses its compactor on followers: the leader's compaction reaches them through the log
        }
        long revision = policy.onCheck(System.nanoTime(), node.store().currentRevision());
        if (revision <= 0) {
            return;
        }
        try {
            node.propose(InternalRequest.newBuilder().setCompaction(CompactionRequest.newBuilder().setRevision(revision)))
                    .get(PROPOSE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            policy.onCompacted(System.nanoTime(), revision);
            LOG.log(System.Logger.Level.INFO, "completed auto compaction at revision {0}", revision);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof EtcdException etcd && etcd.error() == EtcdError.COMPACTED) {
                policy.onCompacted(System.nanoTime(), revision);
            } else {
                LOG.log(System.Logger.Level.WARNING, "auto compaction at revision " + revision + " failed", e.getCause());
            }
        } catch (TimeoutException e) {
            LOG.log(System.Logger.Level.WARNING, "auto compaction at revision {0} timed out", revision);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
