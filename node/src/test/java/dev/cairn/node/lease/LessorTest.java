package dev.cairn.node.lease;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import dev.cairn.node.error.EtcdError;
import dev.cairn.node.error.EtcdException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class LessorTest {
    private final ManualClock clock = new ManualClock();
    private final Lessor lessor = new Lessor(clock, 2, LeaseCheckpointPolicy.DISABLED);

    @Test
    void aShortTtlIsRaisedToTheMinimumAndAnIdIsGrantedOnce() {
        assertThat(lessor.grant(1, 1)).isEqualTo(2);
        assertThat(lessor.grant(2, 60)).isEqualTo(60);
        assertThatThrownBy(() -> lessor.grant(1, 10)).isInstanceOfSatisfying(EtcdException.class,
                e -> assertThat(e.error()).isEqualTo(EtcdError.LEASE_EXISTS));
    }

    @Test
    void remainingTtlCountsDownAndRenewRestartsIt() {
        lessor.grant(7, 10);
        clock.advance(Duration.ofMillis(3500));
        assertThat(lessor.status(7).orElseThrow().remainingTtl()).isEqualTo(6);
        assertThat(lessor.renew(7)).isEqualTo(10);
        assertThat(lessor.status(7).orElseThrow().remainingTtl()).isEqualTo(10);
        assertThat(lessor.status(7).orElseThrow().grantedTtl()).isEqualTo(10);
    }

    @Test
    void anExpiredOrUnknownLeaseRenewsToZero() {
        lessor.grant(7, 5);
        clock.advance(Duration.ofSeconds(5));
        assertThat(lessor.renew(7)).isZero();
        assertThat(lessor.renew(8)).isZero();
        assertThat(lessor.status(8)).isEmpty();
    }

    @Test
    void expiredLeasesAreOfferedOnceThenAgainAfterTheRetryInterval() {
        lessor.grant(1, 5);
        lessor.grant(2, 50);
        assertThat(lessor.takeExpired(10)).isEmpty();
        clock.advance(Duration.ofSeconds(6));
        assertThat(lessor.takeExpired(10)).containsExactly(1L);
        assertThat(lessor.takeExpired(10)).isEmpty();
        clock.advance(Duration.ofSeconds(3));
        assertThat(lessor.takeExpired(10)).containsExactly(1L);
    }

    @Test
    void attachmentsFollowTheKeysLatestLease() {
        lessor.grant(1, 60);
        lessor.grant(2, 60);
        ByteString a = ByteString.copyFromUtf8("a");
        ByteString b = ByteString.copyFromUtf8("b");
        lessor.attach(b, 1);
        lessor.attach(a, 1);
        assertThat(lessor.keys(1)).containsExactly(a, b);

        lessor.attach(a, 2);
        lessor.attach(b, 0);
        assertThat(lessor.keys(1)).isEmpty();
        assertThat(lessor.keys(2)).containsExactly(a);
    }

    @Test
    void leasesAreListedSoonestExpiryFirst() {
        lessor.grant(1, 60);
        lessor.grant(2, 10);
        lessor.grant(3, 30);
        assertThat(lessor.idsByExpiry()).containsExactly(2L, 3L, 1L);
    }
}
