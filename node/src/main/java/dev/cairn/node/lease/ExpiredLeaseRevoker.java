package dev.cairn.node.lease;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.LongFunction;

/**
 * While this member leads, proposes the revocation of expired leases through the log every half second, at most
 * {@link #REVOKES_PER_CHECK} at a time (etcd's 1000 revocations per second). It never deletes anything itself.
 */
public final class ExpiredLeaseRevoker implements AutoCloseable {
    static final long CHECK_INTERVAL_MILLIS = 500;
    static final int REVOKES_PER_CHECK = 500;
    private static final System.Logger LOG = System.getLogger(ExpiredLeaseRevoker.class.getName());

    private final Lessor lessor;
    private final BooleanSupplier isLeader;
    private final LongFunction<CompletableFuture<?>> proposeRevoke;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "cairn-lease-expiry");
        thread.setDaemon(true);
        return thread;
    });

    public ExpiredLeaseRevoker(Lessor lessor, BooleanSupplier isLeader, LongFunction<CompletableFuture<?>> proposeRevoke) {
        this.lessor = lessor;
        this.isLeader = isLeader;
        this.proposeRevoke = proposeRevoke;
    }

    public void start() {
        timer.scheduleWithFixedDelay(this::checkSafely, CHECK_INTERVAL_MILLIS, CHECK_INTERVAL_MILLIS,
                TimeUnit.MILLISECONDS);
    }

    /** An exception would cancel the schedule: log it and keep checking. */
    private void checkSafely() {
        try {
            revokeExpired();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "checking for expired leases failed", e);
        }
    }

    private void revokeExpired() {
        if (!isLeader.getAsBoolean()) {
            return;
        }
        for (long id : lessor.takeExpired(REVOKES_PER_CHECK)) {
            // A failed proposal (queue full, lease revoked meanwhile) is retried by takeExpired after its interval.
            proposeRevoke.apply(id).exceptionally(failure -> {
                LOG.log(System.Logger.Level.DEBUG, "revocation of expired lease " + Long.toHexString(id) + " failed: "
                        + failure.getMessage());
                return null;
            });
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
