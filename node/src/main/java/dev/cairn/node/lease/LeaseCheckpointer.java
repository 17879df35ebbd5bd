package dev.cairn.node.lease;

import dev.cairn.node.proto.etcdserverpb.LeaseCheckpoint;
import dev.cairn.node.proto.etcdserverpb.LeaseCheckpointRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * Proposes lease checkpoints through the log: the leader's periodic ones, the clearing of a renewed lease's
 * checkpoint, and a last round when the leader stops. Applying them is {@link LeaseApplier#checkpoint}'s job.
 */
public final class LeaseCheckpointer {
    /** etcd's maxLeaseCheckpointBatchSize. */
    static final int CHECKPOINTS_PER_PROPOSAL = 1000;
    /** Bounds one periodic call (every half second) to 10,000 checkpoints; the rest are due at the next call. */
    static final int PROPOSALS_PER_CHECK = 10;
    private static final System.Logger LOG = System.getLogger(LeaseCheckpointer.class.getName());

    private final Lessor lessor;
    private final Function<LeaseCheckpointRequest, CompletableFuture<?>> propose;

    public LeaseCheckpointer(Lessor lessor, Function<LeaseCheckpointRequest, CompletableFuture<?>> propose) {
        this.lessor = lessor;
        this.propose = propose;
    }

    /** Proposes the checkpoints that are due; a lost proposal is made up for by the lease's next checkpoint. */
    void checkpointDue() {
        for (int i = 0; i < PROPOSALS_PER_CHECK; i++) {
            List<LeaseCheckpoint> due = lessor.takeDueCheckpoints(CHECKPOINTS_PER_PROPOSAL);
            if (due.isEmpty()) {
                return;
            }
            propose(due).exceptionally(failure -> {
                LOG.log(System.Logger.Level.DEBUG, "lease checkpoint failed: " + failure.getMessage());
                return null;
            });
            if (due.size() < CHECKPOINTS_PER_PROPOSAL) {
                return;
            }
        }
    }

    /**
     * A keep-alive: when the lease has a checkpoint, first proposes to clear it (etcd 3.5), so that a restart does
     * not bring a renewed lease back with an older remaining TTL; then renews. Completes with the TTL renewed to, 0
     * for an unknown or expired lease. A failed clearing does not fail the renewal, as in etcd.
     */
    public CompletableFuture<Long> renew(long id) {
        if (lessor.checkpointedTtl(id) == 0) {
            return CompletableFuture.completedFuture(lessor.renew(id));
        }
        LeaseCheckpoint clear = LeaseCheckpoint.newBuilder().setID(id).setRemainingTTL(0).build();
        return propose(List.of(clear)).handle((applied, failure) -> lessor.renew(id));
    }

    /**
     * Proposes the remaining TTL of every lease and waits up to {@code timeout} for them to be applied: a leader that
     * stops gracefully records where its leases stand. Does nothing while checkpoints are disabled.
     */
    public void checkpointAll(Duration timeout) {
        List<LeaseCheckpoint> all = lessor.allCheckpoints();
        List<CompletableFuture<?>> proposals = new ArrayList<>();
        for (int from = 0; from < all.size(); from += CHECKPOINTS_PER_PROPOSAL) {
            proposals.add(propose(all.subList(from, Math.min(all.size(), from + CHECKPOINTS_PER_PROPOSAL))));
        }
        try {
            CompletableFuture.allOf(proposals.toArray(CompletableFuture[]::new))
                    .get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.log(System.Logger.Level.WARNING, "lease checkpoints before stopping did not complete: " + e);
        }
    }

    private CompletableFuture<?> propose(List<LeaseCheckpoint> checkpoints) {
        return propose.apply(LeaseCheckpointRequest.newBuilder().addAllCheckpoints(checkpoints).build());
    }
}
