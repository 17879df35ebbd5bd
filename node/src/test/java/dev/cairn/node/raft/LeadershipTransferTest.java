package dev.cairn.node.raft;

import static dev.cairn.node.raft.RaftTestSupport.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Handing leadership to a chosen voter (etcd's MsgTransferLeader / MoveLeader). */
class LeadershipTransferTest {

    @Test
    void caughtUpTargetIsToldToCampaignAtOnce() {
        TestCluster cluster = TestCluster.ofVoters(3);
        cluster.elect(1);
        cluster.propose(1, "a");
        RawNode leader = cluster.node(1);
        leader.transferLeadership(2);
        assertThat(leader.status().transferee()).isEqualTo(2);
        assertThat(cluster.takeQueued()).singleElement().satisfies(m -> {
            assertThat(m.type()).isEqualTo(MessageType.TIMEOUT_NOW);
            assertThat(m.to()).isEqualTo(2);
        });

        leader.transferLeadership(2);
        cluster.node(2).step(new Message(MessageType.TIMEOUT_NOW, 1, 2, 1, 0, 0, List.of(), 0, false, 0,
                0, null));
        cluster.settle();
        assertThat(cluster.node(2).status().role()).isEqualTo(Role.LEADER);
        assertThat(cluster.node(2).status().term()).isEqualTo(2);
        assertThat(leader.status().role()).isEqualTo(Role.FOLLOWER);
        assertThat(leader.status().transferee()).isZero();
        assertThat(cluster.sent()).filteredOn(m -> m.type() == MessageType.VOTE && m.from() == 2)
                .as("no pre-vote, and the vote overrides the leader lease").isNotEmpty()
                .allSatisfy(m -> assertThat(m.context()).isEqualTo(1));
    }

    @Test
    void laggingTargetIsCaughtUpFirst() {
        TestCluster cluster = TestCluster.ofVoters(3);
        cluster.elect(1);
        cluster.isolate(3);
        cluster.propose(1, "a");
        cluster.propose(1, "b");
        cluster.heal();
        RawNode leader = cluster.node(1);
        leader.transferLeadership(3);
        cluster.settle();
        // The first catch-up append is lost with the partition; the heartbeat answer restarts it.
        for (int i = 0; i < 5 && leader.status().role() == Role.LEADER; i++) {
            cluster.tickAll(1);
        }
        assertThat(cluster.node(3).status().role()).isEqualTo(Role.LEADER);
        assertThat(cluster.appliedValues(3)).containsExactly("a", "b");
        int timeoutNowIndex = cluster.sent().indexOf(cluster.sent().stream()
                .filter(m -> m.type() == MessageType.TIMEOUT_NOW).findFirst().orElseThrow());
        assertThat(cluster.sent().subList(0, timeoutNowIndex))
                .as("the target acknowledged the leader's last entry before being told to campaign")
                .anyMatch(m -> m.type() == MessageType.APPEND_RESPONSE && m.from() == 3 && !m.reject()
                        && m.index() == 3);
    }

    @Test
    void proposalsAreRefusedDuringATransferWhichIsAbandonedAfterAnElectionTimeout() {
        TestCluster cluster = TestCluster.ofVoters(3);
        cluster.elect(1);
        cluster.isolate(3);
        cluster.propose(1, "a");
        RawNode leader = cluster.node(1);
        leader.transferLeadership(3);
        assertThatThrownBy(() -> leader.propose(EntryType.NORMAL, bytes("refused")))
                .isInstanceOf(ProposalDroppedException.class);
        long lastIndex = leader.status().lastIndex();
        cluster.node(2).propose(EntryType.NORMAL, bytes("forwarded"));
        cluster.settle();
        assertThat(leader.status().lastIndex()).as("a forwarded proposal is dropped too").isEqualTo(lastIndex);

        cluster.tickAll(RaftConfig.defaults(1).electionTicks());
        assertThat(leader.status().transferee()).isZero();
        assertThat(leader.status().role()).isEqualTo(Role.LEADER);
        cluster.propose(1, "accepted again");
        assertThat(cluster.appliedValues(2)).endsWith("accepted again");
    }

    @Test
    void transferToItselfOrANonVoterIsIgnored() {
        TestCluster cluster = TestCluster.ofVoters(3);
        cluster.elect(1);
        RawNode leader = cluster.node(1);
        leader.transferLeadership(1);
        leader.transferLeadership(9);
        assertThat(leader.status().transferee()).isZero();
        assertThat(cluster.takeQueued()).isEmpty();
        assertThatThrownBy(() -> cluster.node(2).transferLeadership(3)).isInstanceOf(NotLeaderException.class);
    }
}
