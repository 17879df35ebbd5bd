package dev.cairn.node.lease;

import java.util.concurrent.CompletableFuture;
import java.util.function.LongFunction;

/**
 * Proposes the revocation of expired leases through the log, at most {@link #REVOKES_PER_CHECK} per call; called
 * every half second on the leader, that is etcd's 1000 revocations per second. It never deletes anything itself.
 */
public final class ExpiredLeaseRevoker {
    static final int REVOKES_PER_CHECK = 500;
    private static final System.Logger LOG = System.getLogger(ExpiredLeaseRevoker.class.getName());

    private final Lessor lessor;
    private final LongFunction<CompletableFuture<?>> proposeRevoke;

    public ExpiredLeaseRevoker(Lessor lessor, LongFunction<CompletableFuture<?>> proposeRevoke) {
        this.lessor = lessor;
        this.proposeRevoke = proposeRevoke;
    }

    void revokeExpired() {
        for (long id : lessor.takeExpired(REVOKES_PER_CHECK)) {
            // A failed proposal (queue full, lease revoked meanwhile) is retried by takeExpired after its interval.
            proposeRevoke.apply(id).exceptionally(failure -> {
                LOG.log(System.Logger.Level.DEBUG, "revocation of expired lease " + Long.toHexString(id) + " failed: "
                        + failure.getMessage());
                return null;
            });
        }
    }
}
