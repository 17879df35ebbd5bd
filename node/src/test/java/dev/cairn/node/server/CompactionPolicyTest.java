package dev.cairn.node.server;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The auto-compaction policies stepped with explicit times, as etcd's compactors behave. */
class CompactionPolicyTest {
    private static final long MINUTE = Duration.ofMinutes(1).toNanos();

    @Test
    void periodicSamplesATenthOfThePeriodAndFirstCompactsAfterOnePeriodToTheOldestSample() {
        PeriodicCompaction policy = new PeriodicCompaction(Duration.ofHours(1), 0, 10);
        assertThat(policy.checkInterval()).isEqualTo(Duration.ofMinutes(6));
        for (int check = 1; check < 10; check++) {
            assertThat(policy.onCheck(check * 6 * MINUTE, 10 + 100L * check)).as("check %d", check).isZero();
        }
        // One period after the start: the sample taken at the start.
        assertThat(policy.onCheck(60 * MINUTE, 1010)).isEqualTo(10);
        policy.onCompacted(60 * MINUTE, 10);
    }

    @Test
    void periodicCompactsEveryPeriodAfterTheLastSuccessToTheRevisionAboutOnePeriodOld() {
        PeriodicCompaction policy = new PeriodicCompaction(Duration.ofHours(1), 0, 1);
        long revisionAt = 0;
        long chosen = 0;
        for (int check = 1; check <= 20; check++) {
            chosen = policy.onCheck(check * 6 * MINUTE, revisionAt = 1 + 100L * check);
            if (chosen != 0) {
                policy.onCompacted(check * 6 * MINUTE, chosen);
            }
        }
        // At 120 min the oldest of the 11 samples kept is the one taken at 54 min (revision 901).
        assertThat(chosen).isEqualTo(901);
        assertThat(revisionAt).isEqualTo(2001);
    }

    @Test
    void periodicRetriesAtTheNextCheckWhenACompactionFailed() {
        PeriodicCompaction policy = new PeriodicCompaction(Duration.ofMinutes(10), 0, 5);
        for (int check = 1; check < 10; check++) {
            policy.onCheck(check * MINUTE, 5 + check);
        }
        assertThat(policy.onCheck(10 * MINUTE, 20)).isEqualTo(5);
        // No onCompacted: the next check tries again.
        assertThat(policy.onCheck(11 * MINUTE, 21)).isPositive();
    }

    @Test
    void periodicLongerThanAnHourSamplesEverySixMinutesAndCompactsHourlyAfterTheFirstPeriod() {
        PeriodicCompaction policy = new PeriodicCompaction(Duration.ofHours(5), 0, 1);
        assertThat(policy.checkInterval()).isEqualTo(Duration.ofMinutes(6));
        int firstCompaction = 0;
        int secondCompaction = 0;
        for (int check = 1; check <= 70 && secondCompaction == 0; check++) {
            long now = check * 6 * MINUTE;
            long chosen = policy.onCheck(now, check);
            if (chosen != 0) {
                policy.onCompacted(now, chosen);
                if (firstCompaction == 0) {
                    firstCompaction = check;
                } else {
                    secondCompaction = check;
                }
            }
        }
        assertThat(firstCompaction * 6).as("minutes to the first compaction").isEqualTo(300);
        assertThat((secondCompaction - firstCompaction) * 6).as("minutes between compactions").isEqualTo(60);
    }

    @Test
    void revisionKeepsTheLastRetentionRevisionsAndSkipsARevisionItAlreadyCompacted() {
        RevisionCompaction policy = new RevisionCompaction(3, Duration.ofMinutes(5));
        assertThat(policy.onCheck(0, 2)).isZero();
        assertThat(policy.onCheck(0, 10)).isEqualTo(7);
        policy.onCompacted(0, 7);
        assertThat(policy.onCheck(0, 10)).isZero();
        assertThat(policy.onCheck(0, 12)).isEqualTo(9);
    }
}
