package dev.cairn.node.raft;

import static dev.cairn.node.raft.RaftTestSupport.bytes;
import static dev.cairn.node.raft.TestCluster.confChange;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Membership changes applied through the log: learners, promotion, removal, one change at a time. */
class MembershipChangeTest {

    private static void proposeChange(TestCluster cluster, long via, ConfChangeKind kind, long member) {
        cluster.node(via).propose(EntryType.CONF_CHANGE, confChange(kind, member));
        cluster.settle();
    }

    @Test
    void aJoiningLearnerLearnsTheLogAndTheConfigurationFromTheLeader() {
        TestCluster cluster = TestCluster.bootstrapped(3);
        cluster.elect(1);
        cluster.propose(1, "before");
        cluster.add(4, ConfState.EMPTY);
        proposeChange(cluster, 1, ConfChangeKind.ADD_LEARNER, 4);
        cluster.propose(1, "after");

        assertThat(cluster.appliedValues(4)).containsExactly("before", "after");
        assertThat(cluster.node(4).confState()).isEqualTo(new ConfState(Set.of(1L, 2L, 3L), Set.of(4L)));
        assertThat(cluster.node(4).status().learner()).isTrue();
        assertThat(cluster.node(1).progress()).containsKeys(1L, 2L, 3L, 4L);
        assertThat(cluster.node(1).isLearnerInSync(4)).isTrue();
        assertThat(cluster.node(2).progress()).as("only a leader tracks progress").isEmpty();
    }

    @Test
    void learnersReceiveEntriesButDoNotCountTowardCommit() {
        ConfState conf = new ConfState(Set.of(1L, 2L), Set.of(3L));
        TestCluster cluster = new TestCluster(RaftConfig::defaults);
        cluster.add(1, conf);
        cluster.add(2, conf);
        cluster.add(3, conf);
        cluster.elect(1);
        long committed = cluster.node(1).status().commitIndex();
        cluster.isolate(2);
        long index = cluster.propose(1, "x");
        assertThat(cluster.node(3).status().lastIndex()).as("the learner has the entry").isEqualTo(index);
        assertThat(cluster.node(1).status().commitIndex()).as("but leader + learner are no quorum of {1, 2}")
                .isEqualTo(committed);
        cluster.heal();
        cluster.tickAll(1);
        assertThat(cluster.appliedValues(3)).containsExactly("x");
    }

    @Test
    void promotedLearnerVotesAndCounts() {
        TestCluster cluster = TestCluster.bootstrapped(1);
        cluster.elect(1);
        cluster.add(2, ConfState.EMPTY);
        proposeChange(cluster, 1, ConfChangeKind.ADD_LEARNER, 2);
        assertThat(cluster.node(1).isLearnerInSync(2)).isTrue();
        proposeChange(cluster, 1, ConfChangeKind.PROMOTE, 2);
        assertThat(cluster.node(2).confState()).isEqualTo(new ConfState(Set.of(1L, 2L), Set.of()));

        cluster.isolate(2);
        long index = cluster.node(1).propose(EntryType.NORMAL, bytes("x"));
        cluster.settle();
        assertThat(cluster.node(1).status().commitIndex()).as("two voters now: one is not a quorum")
                .isLessThan(index);
        cluster.heal();
        cluster.tickAll(1);
        assertThat(cluster.node(1).status().commitIndex()).isEqualTo(index);
    }

    @Test
    void onlyOneMembershipChangeAtATime() {
        TestCluster cluster = TestCluster.ofVoters(3);
        cluster.elect(1);
        RawNode leader = cluster.node(1);
        leader.propose(EntryType.CONF_CHANGE, confChange(ConfChangeKind.ADD_LEARNER, 4));
        assertThatThrownBy(() -> leader.propose(EntryType.CONF_CHANGE, confChange(ConfChangeKind.ADD_LEARNER, 5)))
                .isInstanceOf(ConfChangeInProgressException.class);
        long lastIndex = leader.status().lastIndex();
        cluster.node(2).propose(EntryType.CONF_CHANGE, confChange(ConfChangeKind.ADD_LEARNER, 6));
        cluster.handleReadies();
        cluster.takeQueued().stream().filter(m -> m.type() == MessageType.PROPOSE).forEach(cluster::deliver);
        assertThat(leader.status().lastIndex()).as("a forwarded change is dropped meanwhile").isEqualTo(lastIndex);

        cluster.settle();
        cluster.tickAll(1);
        assertThat(leader.confState().learners()).containsExactly(4L);
        leader.propose(EntryType.CONF_CHANGE, confChange(ConfChangeKind.ADD_LEARNER, 5));
        cluster.settle();
        assertThat(leader.confState().learners()).containsExactlyInAnyOrder(4L, 5L);
    }

    @Test
    void applyingChangesIsIdempotent() {
        RawNode node = new RawNode(RaftConfig.defaults(1), new ConfState(Set.of(1L), Set.of()), HardState.EMPTY,
                List.of(), 0, 0, new SplittableRandom(1));
        ConfState one = new ConfState(Set.of(1L), Set.of());
        assertThat(node.applyConfChange(ConfChangeKind.ADD_VOTER, 1)).isEqualTo(one);
        assertThat(node.applyConfChange(ConfChangeKind.UPDATE, 1)).isEqualTo(one);
        assertThat(node.applyConfChange(ConfChangeKind.ADD_LEARNER, 1)).as("a voter is not demoted").isEqualTo(one);
        assertThat(node.applyConfChange(ConfChangeKind.ADD_LEARNER, 2))
                .isEqualTo(new ConfState(Set.of(1L), Set.of(2L)));
        assertThat(node.applyConfChange(ConfChangeKind.ADD_LEARNER, 2))
                .isEqualTo(new ConfState(Set.of(1L), Set.of(2L)));
        assertThat(node.applyConfChange(ConfChangeKind.PROMOTE, 2)).isEqualTo(new ConfState(Set.of(1L, 2L), Set.of()));
        assertThat(node.applyConfChange(ConfChangeKind.PROMOTE, 2)).isEqualTo(new ConfState(Set.of(1L, 2L), Set.of()));
        assertThat(node.applyConfChange(ConfChangeKind.REMOVE, 2)).isEqualTo(one);
        assertThat(node.applyConfChange(ConfChangeKind.REMOVE, 2)).isEqualTo(one);
        assertThat(node.confState()).isEqualTo(one);
        assertThatThrownBy(() -> node.applyConfChange(ConfChangeKind.ADD_VOTER, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void removedLeaderStepsDownAndTheOthersElectANewOne() {
        TestCluster cluster = TestCluster.ofVoters(3);
        cluster.elect(1);
        proposeChange(cluster, 1, ConfChangeKind.REMOVE, 1);
        assertThat(cluster.node(1).status().role()).isEqualTo(Role.FOLLOWER);
        assertThat(cluster.node(1).confState().voters()).containsExactlyInAnyOrder(2L, 3L);

        for (int i = 0; i < 100 && cluster.node(2).status().leaderId() <= 1; i++) {
            cluster.tickAll(1);
        }
        long newLeader = cluster.node(2).status().leaderId();
        assertThat(newLeader).isIn(2L, 3L);
        cluster.propose(newLeader, "after removal");
        assertThat(cluster.appliedValues(2)).contains("after removal");
        assertThat(cluster.appliedValues(3)).contains("after removal");

        long term = cluster.node(1).status().term();
        int before = cluster.sent().size();
        cluster.tick(1, 100);
        cluster.settle();
        assertThat(cluster.node(1).status().term()).as("a removed member never campaigns").isEqualTo(term);
        assertThat(cluster.sent().subList(before, cluster.sent().size())).noneMatch(m -> m.from() == 1);
    }

    @Test
    void removingAMemberCommitsEntriesThatWaitedOnIt() {
        TestCluster cluster = TestCluster.ofVoters(4);
        cluster.elect(1);
        RawNode leader = cluster.node(1);
        leader.propose(EntryType.CONF_CHANGE, confChange(ConfChangeKind.REMOVE, 4));
        cluster.handleReadies(); // the removal goes out in appends of its own
        long waiting = leader.propose(EntryType.NORMAL, bytes("waiting"));
        // Member 4 is gone, member 3 gets the removal but not the next entry: "waiting" is on 1 and 2 only,
        // not a quorum of four, until the removal is applied and three voters remain.
        cluster.drop(m -> m.to() == 4 || (m.to() == 3 && m.entries().stream().anyMatch(e -> e.index() == waiting)));
        cluster.settle();
        assertThat(leader.confState().voters()).containsExactlyInAnyOrder(1L, 2L, 3L);
        assertThat(leader.status().commitIndex()).isGreaterThanOrEqualTo(waiting);
        assertThat(cluster.appliedValues(1)).contains("waiting");
    }

    @Test
    void addedMemberIsProbedFromTheLeadersLastIndex() {
        TestCluster cluster = TestCluster.ofVoters(3);
        cluster.elect(1);
        cluster.propose(1, "a");
        proposeChange(cluster, 1, ConfChangeKind.ADD_LEARNER, 9); // member 9 does not run: no answers
        PeerProgress added = cluster.node(1).progress().get(9L);
        assertThat(added.match()).isZero();
        assertThat(added.state()).isEqualTo("PROBE");
        assertThat(cluster.sent()).anyMatch(m -> m.to() == 9 && m.type() == MessageType.APPEND);
        assertThat(cluster.node(1).isLearnerInSync(9)).isFalse();
    }
}
