package dev.cairn.operator.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Bad input is refused with a message naming what is wrong. */
class PlanInputsTest {

    private static final MemberHealthPolicy POLICY = new MemberHealthPolicy(Duration.ofMinutes(5), 100);

    @ParameterizedTest
    @ValueSource(ints = {0, -1, 10})
    void replicasOutsideOneToNineAreRefused(int replicas) {
        assertThatThrownBy(() -> new DesiredCluster(replicas, "h", POLICY, Fixture.NAMING))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("replicas must be in 1..9");
    }

    @Test
    void peerUrlsRoundTripToTheirOrdinal() {
        MemberNaming naming = Fixture.NAMING;
        assertThat(naming.peerUrl(7)).isEqualTo("https://demo-7.demo-peer.ns.svc:2380");
        assertThat(naming.ordinalOfPeerUrl(naming.peerUrl(7))).isEqualTo(OptionalInt.of(7));
        assertThat(naming.ordinalOfPeerUrl(naming.peerUrl(12))).isEqualTo(OptionalInt.of(12));
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://demo-.demo-peer.ns.svc:2380", "https://demo-01.demo-peer.ns.svc:2380",
            "http://demo-1.demo-peer.ns.svc:2380", "https://demo-1.other.ns.svc:2380",
            "https://demo-1.demo-peer.ns.svc:2381", "https://demo-x.demo-peer.ns.svc:2380",
            "https://other-1.demo-peer.ns.svc:2380"})
    void foreignPeerUrlsBelongToNoOrdinal(String url) {
        assertThat(Fixture.NAMING.ordinalOfPeerUrl(url)).isEmpty();
    }

    @Test
    void aMemberListThatWasReadIsNeverEmpty() {
        assertThatThrownBy(() -> new ObservedCluster(true, List.of(), true, 3, List.of(), Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("never empty");
    }

    @Test
    void twoLeadersAreRefused() {
        List<ObservedMember> members = List.of(Fixture.member(0).leader().build(), Fixture.member(1).leader().build());
        assertThatThrownBy(() -> new ObservedCluster(true, members, true, 2, List.of(), Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("more than one member");
    }

    @Test
    void aReadyPodMustExist() {
        assertThatThrownBy(() -> new Slot(0, false, true, VolumeState.EMPTY, Optional.empty(), Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot be ready");
    }

    @Test
    void onlyABootstrapPublishesStateNew() {
        JoinConfig fresh = new JoinConfig(InitialClusterState.NEW, "demo-0=https://demo-0.demo-peer.ns.svc:2380");
        assertThatThrownBy(() -> new Step.WriteJoinConfig(0, fresh))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("initial-cluster-state new");
    }

    @Test
    void aMemberCannotLeadAsALearner() {
        assertThatThrownBy(() -> Fixture.member(1).leader().learner().build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot be leader and learner");
    }
}
