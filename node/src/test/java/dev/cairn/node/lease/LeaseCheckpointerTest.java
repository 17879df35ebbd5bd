package dev.cairn.node.lease;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.node.proto.etcdserverpb.LeaseCheckpoint;
import dev.cairn.node.proto.etcdserverpb.LeaseCheckpointRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** What the checkpointer proposes: bounded batches, the clearing before a renewal, the last round before a stop. */
class LeaseCheckpointerTest {
    private final ManualClock clock = new ManualClock();
    private final Lessor lessor = new Lessor(clock, 2, LeaseCheckpointPolicy.every(Duration.ofSeconds(10)));
    private final List<LeaseCheckpointRequest> proposed = new ArrayList<>();
    private final List<CompletableFuture<Object>> pending = new ArrayList<>();
    private final LeaseCheckpointer checkpointer = new LeaseCheckpointer(lessor, request -> {
        proposed.add(request);
        CompletableFuture<Object> applied = new CompletableFuture<>();
        pending.add(applied);
        return applied;
    });

    @Test
    void dueCheckpointsAreProposedInBatchesOfAThousand() {
        for (long id = 1; id <= 2500; id++) {
            lessor.grant(id, 60);
        }
        clock.advance(Duration.ofSeconds(11));
        checkpointer.checkpointDue();
        assertThat(proposed).extracting(LeaseCheckpointRequest::getCheckpointsCount).containsExactly(1000, 1000, 500);
        proposed.clear();
        checkpointer.checkpointDue();
        assertThat(proposed).isEmpty();
    }

    @Test
    void oneCallProposesAtMostItsBoundAndLeavesTheRestDue() {
        int leases = LeaseCheckpointer.PROPOSALS_PER_CHECK * LeaseCheckpointer.CHECKPOINTS_PER_PROPOSAL + 1;
        for (long id = 1; id <= leases; id++) {
            lessor.grant(id, 60);
        }
        clock.advance(Duration.ofSeconds(11));
        checkpointer.checkpointDue();
        assertThat(proposed).hasSize(LeaseCheckpointer.PROPOSALS_PER_CHECK);
        checkpointer.checkpointDue();
        assertThat(proposed.getLast().getCheckpointsCount()).isEqualTo(1);
    }

    @Test
    void renewingACheckpointedLeaseClearsTheCheckpointBeforeAnswering() {
        lessor.grant(1, 60);
        clock.advance(Duration.ofSeconds(40));
        lessor.checkpoint(1, 20);

        CompletableFuture<Long> renewed = checkpointer.renew(1);

        assertThat(proposed).containsExactly(LeaseCheckpointRequest.newBuilder()
                .addCheckpoints(LeaseCheckpoint.newBuilder().setID(1).setRemainingTTL(0)).build());
        assertThat(renewed).isNotDone();
        lessor.checkpoint(1, 0); // what applying the proposal does
        pending.getFirst().complete(null);
        assertThat(renewed).isCompletedWithValue(60L);
        assertThat(lessor.status(1).orElseThrow().remainingTtl()).isEqualTo(60);
    }

    @Test
    void aFailedClearingStillRenews() {
        lessor.grant(1, 60);
        lessor.checkpoint(1, 20);
        CompletableFuture<Long> renewed = checkpointer.renew(1);
        pending.getFirst().completeExceptionally(new IllegalStateException("no leader"));
        assertThat(renewed).isCompletedWithValue(60L);
    }

    @Test
    void renewingALeaseWithoutCheckpointProposesNothing() {
        lessor.grant(1, 60);
        assertThat(checkpointer.renew(1)).isCompletedWithValue(60L);
        assertThat(checkpointer.renew(2)).isCompletedWithValue(0L);
        assertThat(proposed).isEmpty();
    }

    @Test
    void aStoppingLeaderProposesEveryLeaseAndWaitsOnlyUpToTheBound() {
        for (long id = 1; id <= 1500; id++) {
            lessor.grant(id, 60);
        }
        clock.advance(Duration.ofSeconds(1));
        long started = System.nanoTime();
        checkpointer.checkpointAll(Duration.ofMillis(200)); // nothing completes the proposals
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(200));
        assertThat(proposed).extracting(LeaseCheckpointRequest::getCheckpointsCount).containsExactly(1000, 500);
    }
}
