package dev.cairn.node.raft;

import static dev.cairn.node.raft.RaftTestSupport.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Proposals and linearizable reads on members other than the leader, and the leader's read confirmation. */
class FollowerRequestsTest {

    @Test
    void followerForwardsProposalsToTheLeader() {
        TestCluster cluster = TestCluster.ofVoters(3);
        cluster.elect(1);
        assertThat(cluster.node(2).propose(EntryType.NORMAL, bytes("via 2"))).as("index unknown on a follower")
                .isZero();
        cluster.settle();
        assertThat(cluster.sent()).anyMatch(m -> m.type() == MessageType.PROPOSE && m.from() == 2 && m.to() == 1);
        assertThat(cluster.appliedValues(1)).containsExactly("via 2");
        assertThat(cluster.appliedValues(3)).containsExactly("via 2");
        assertThat(cluster.applied(1).getLast().term()).as("the leader stamps its term").isEqualTo(1);
    }

    @Test
    void withoutAKnownLeaderRequestsAreRefused() {
        TestCluster cluster = TestCluster.ofVoters(3);
        assertThatThrownBy(() -> cluster.node(2).propose(EntryType.NORMAL, bytes("x")))
                .isInstanceOf(NotLeaderException.class);
        assertThatThrownBy(() -> cluster.node(2).readIndex(1)).isInstanceOf(NotLeaderException.class);
        cluster.isolate(2);
        cluster.node(2).campaign();
        assertThat(cluster.node(2).status().role()).isEqualTo(Role.PRE_CANDIDATE);
        assertThatThrownBy(() -> cluster.node(2).propose(EntryType.NORMAL, bytes("x")))
                .isInstanceOf(NotLeaderException.class);
    }

    @Test
    void followerReadIsServedAtTheLeadersCommitIndexAfterAHeartbeatRound() {
        TestCluster cluster = TestCluster.ofVoters(3);
        cluster.elect(1);
        long committed = cluster.propose(1, "a");
        cluster.node(3).readIndex(77);
        cluster.settle();
        assertThat(cluster.readStates(3)).containsExactly(new ReadState(committed, 77));
        assertThat(cluster.sent()).anyMatch(m -> m.type() == MessageType.HEARTBEAT && m.context() != 0);
        assertThat(cluster.readStates(1)).isEmpty();
    }

    @Test
    void leaderReadWaitsForAQuorumToConfirmItsLeadership() {
        TestCluster cluster = TestCluster.ofVoters(3);
        cluster.elect(1);
        cluster.isolate(2);
        cluster.isolate(3);
        cluster.node(1).readIndex(5);
        cluster.settle();
        assertThat(cluster.readStates(1)).as("no follower answered the heartbeat").isEmpty();

        cluster.heal();
        cluster.tickAll(1); // the next heartbeat carries the newest pending read
        assertThat(cluster.readStates(1)).containsExactly(new ReadState(1, 5));
    }

    @Test
    void aDeposedLeaderCannotConfirmReads() {
        TestCluster cluster = TestCluster.ofVoters(3);
        cluster.elect(1);
        cluster.isolate(1);
        for (int i = 0; i < 100 && cluster.node(2).status().leaderId() <= 1; i++) {
            cluster.node(2).tick();
            cluster.node(3).tick();
            cluster.settle();
        }
        cluster.node(1).readIndex(9);
        cluster.heal();
        cluster.settle();
        cluster.tickAll(1);
        assertThat(cluster.readStates(1)).isEmpty();
        assertThat(cluster.node(1).status().role()).isEqualTo(Role.FOLLOWER);
    }

    @Test
    void leaderAnswersAForwardedReadItCannotQueueWithARejection() {
        TestCluster cluster = TestCluster.ofVoters(3, id -> new RaftConfig(id, 10, 1, 1 << 20, 1 << 20, 1));
        cluster.elect(1);
        cluster.isolate(3);
        cluster.node(1).readIndex(1); // fills the leader's queue of one, until 2 answers a heartbeat
        cluster.node(2).readIndex(2);
        List<Message> queued = cluster.takeQueued();
        queued.stream().filter(m -> m.type() == MessageType.READ_INDEX).forEach(cluster::deliver);
        assertThat(cluster.takeQueued()).filteredOn(m -> m.type() == MessageType.READ_INDEX_RESPONSE)
                .singleElement().satisfies(m -> {
                    assertThat(m.reject()).isTrue();
                    assertThat(m.context()).isEqualTo(2);
                });
    }
}
