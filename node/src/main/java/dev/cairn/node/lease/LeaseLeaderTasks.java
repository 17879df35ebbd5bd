package dev.cairn.node.lease;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The leader's lease work, every half second: when this member has become the leader of a new term, restarts every
 * lease's expiry from its checkpoint (etcd's Promote); then proposes the revocation of expired leases and the
 * checkpoints that are due. One thread does all three in this order, so that no lease is revoked or checkpointed by
 * the expiry times of a previous term.
 */
public final class LeaseLeaderTasks implements AutoCloseable {
    static final long CHECK_INTERVAL_MILLIS = 500;
    private static final System.Logger LOG = System.getLogger(LeaseLeaderTasks.class.getName());

    private final Lessor lessor;
    private final LongSupplier leaderTerm;
    private final long promoteExtendNanos;
    private final ExpiredLeaseRevoker revoker;
    private final LeaseCheckpointer checkpointer;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "cairn-lease-leader");
        thread.setDaemon(true);
        return thread;
    });
    /** The term whose leadership the lessor was promoted for; 0 before the first. */
    private long promotedTerm;

    /**
     * @param leaderTerm         the current term while this member leads, 0 otherwise
     * @param promoteExtendNanos what a new leader adds to every lease (etcd: one election timeout)
     */
    public LeaseLeaderTasks(Lessor lessor, LongSupplier leaderTerm, long promoteExtendNanos,
                            ExpiredLeaseRevoker revoker, LeaseCheckpointer checkpointer) {
        this.lessor = lessor;
        this.leaderTerm = leaderTerm;
        this.promoteExtendNanos = promoteExtendNanos;
        this.revoker = revoker;
        this.checkpointer = checkpointer;
    }

    /** Runs the first round on the calling thread, so that a member that leads has promoted its leases on return. */
    public void start() {
        checkSafely();
        timer.scheduleWithFixedDelay(this::checkSafely, CHECK_INTERVAL_MILLIS, CHECK_INTERVAL_MILLIS,
                TimeUnit.MILLISECONDS);
    }

    /** An exception would cancel the schedule: log it and keep checking. */
    private void checkSafely() {
        try {
            check();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "the leader's lease work failed", e);
        }
    }

    private void check() {
        long term = leaderTerm.getAsLong();
        if (term == 0) {
            return;
        }
        if (term != promotedTerm) {
            lessor.promote(promoteExtendNanos);
            promotedTerm = term;
        }
        revoker.revokeExpired();
        checkpointer.checkpointDue();
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
