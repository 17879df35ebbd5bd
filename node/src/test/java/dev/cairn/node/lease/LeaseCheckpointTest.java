package dev.cairn.node.lease;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.node.proto.etcdserverpb.LeaseCheckpoint;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The lessor's side of checkpoints: when they are due, what they carry, and what a new leader resumes from. */
class LeaseCheckpointTest {
    private final ManualClock clock = new ManualClock();
    private final Lessor lessor = new Lessor(clock, 2, LeaseCheckpointPolicy.every(Duration.ofSeconds(10)));

    private static LeaseCheckpoint checkpoint(long id, long remaining) {
        return LeaseCheckpoint.newBuilder().setID(id).setRemainingTTL(remaining).build();
    }

    @Test
    void aLongLeaseIsDueEveryIntervalWithItsRemainingTtlRoundedUp() {
        lessor.grant(1, 60);
        lessor.grant(2, 10); // not longer than the interval: never checkpointed, as etcd
        assertThat(lessor.takeDueCheckpoints(100)).isEmpty();

        clock.advance(Duration.ofMillis(10_500));
        assertThat(lessor.takeDueCheckpoints(100)).containsExactly(checkpoint(1, 50));
        assertThat(lessor.takeDueCheckpoints(100)).isEmpty();

        clock.advance(Duration.ofSeconds(10));
        assertThat(lessor.takeDueCheckpoints(100)).containsExactly(checkpoint(1, 40));
    }

    @Test
    void aLeaseAtItsFullTtlNeedsNoCheckpoint() {
        lessor.grant(1, 60);
        clock.advance(Duration.ofSeconds(10));
        lessor.renew(1);
        assertThat(lessor.takeDueCheckpoints(100)).isEmpty();
        assertThat(lessor.allCheckpoints()).isEmpty();
    }

    @Test
    void atMostTheAskedNumberIsTakenAndTheRestStaysDue() {
        for (long id = 1; id <= 5; id++) {
            lessor.grant(id, 60);
        }
        clock.advance(Duration.ofSeconds(11));
        assertThat(lessor.takeDueCheckpoints(3)).hasSize(3);
        assertThat(lessor.takeDueCheckpoints(3)).hasSize(2);
        assertThat(lessor.takeDueCheckpoints(3)).isEmpty();
    }

    @Test
    void disabledCheckpointsAreNeverDue() {
        Lessor disabled = new Lessor(clock, 2, LeaseCheckpointPolicy.DISABLED);
        disabled.grant(1, 600);
        clock.advance(Duration.ofMinutes(6));
        assertThat(disabled.takeDueCheckpoints(100)).isEmpty();
        assertThat(disabled.allCheckpoints()).isEmpty();
    }

    @Test
    void everyLeaseBetweenItsFullTtlAndExpiryIsInTheStoppingLeadersCheckpoints() {
        lessor.grant(1, 60);
        lessor.grant(2, 5);
        lessor.grant(3, 10);
        clock.advance(Duration.ofSeconds(4));
        lessor.renew(3);
        assertThat(lessor.allCheckpoints()).containsExactlyInAnyOrder(checkpoint(1, 56), checkpoint(2, 1));
        clock.advance(Duration.ofSeconds(2));
        assertThat(lessor.allCheckpoints()).containsExactlyInAnyOrder(checkpoint(1, 54), checkpoint(3, 8));
    }

    @Test
    void anAppliedCheckpointChangesNoExpiryUntilThisMemberIsPromoted() {
        lessor.grant(1, 60);
        lessor.grant(2, 60);
        assertThat(lessor.checkpoint(1, 20)).hasValue(60);
        assertThat(lessor.checkpointedTtl(1)).isEqualTo(20);
        assertThat(lessor.status(1).orElseThrow().remainingTtl()).isEqualTo(60);

        lessor.promote(Duration.ofSeconds(1).toNanos());

        assertThat(lessor.status(1).orElseThrow().remainingTtl()).isEqualTo(21);
        assertThat(lessor.status(1).orElseThrow().grantedTtl()).isEqualTo(60);
        assertThat(lessor.status(2).orElseThrow().remainingTtl()).isEqualTo(61);
    }

    @Test
    void aZeroCheckpointClearsTheResumePointAndAnUnknownLeaseIsIgnored() {
        lessor.grant(1, 60);
        lessor.checkpoint(1, 20);
        lessor.checkpoint(1, 0);
        assertThat(lessor.checkpointedTtl(1)).isZero();
        lessor.promote(0);
        assertThat(lessor.status(1).orElseThrow().remainingTtl()).isEqualTo(60);
        assertThat(lessor.checkpoint(99, 5)).isEmpty();
    }

    @Test
    void aRestoredLeaseExpiresFromItsCheckpoint() {
        lessor.restore(1, 60, 20);
        lessor.restore(2, 60, 0);
        assertThat(lessor.status(1).orElseThrow().remainingTtl()).isEqualTo(20);
        assertThat(lessor.status(1).orElseThrow().grantedTtl()).isEqualTo(60);
        assertThat(lessor.status(2).orElseThrow().remainingTtl()).isEqualTo(60);
    }

    @Test
    void promotionMakesExpiredLeasesRevocableAgainOnlyAfterTheirNewExpiry() {
        lessor.grant(1, 5);
        clock.advance(Duration.ofSeconds(6));
        assertThat(lessor.takeExpired(10)).containsExactly(1L);
        lessor.promote(Duration.ofSeconds(1).toNanos());
        assertThat(lessor.takeExpired(10)).isEmpty();
        clock.advance(Duration.ofSeconds(6));
        assertThat(lessor.takeExpired(10)).containsExactly(1L);
    }

    @Test
    void checkpointsOfManyLeasesAreTakenInBoundedBatches() {
        for (long id = 1; id <= 2500; id++) {
            lessor.grant(id, 60);
        }
        clock.advance(Duration.ofSeconds(11));
        List<LeaseCheckpoint> first = lessor.takeDueCheckpoints(LeaseCheckpointer.CHECKPOINTS_PER_PROPOSAL);
        assertThat(first).hasSize(1000).allSatisfy(cp -> assertThat(cp.getRemainingTTL()).isEqualTo(49));
    }
}
