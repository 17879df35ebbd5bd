package dev.cairn.node.raft;

import static dev.cairn.node.raft.RaftTestSupport.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Log replication among several members: appends, conflicts, backtracking, flow control and commit rules. */
class MultiMemberReplicationTest {
    private static final ConfState THREE = new ConfState(Set.of(1L, 2L, 3L), Set.of());

    private static Message append(long from, long to, long term, long prevTerm, long prevIndex, long commit,
                                  Entry... entries) {
        return new Message(MessageType.APPEND, from, to, term, prevTerm, prevIndex, List.of(entries), commit, false, 0,
                0, null);
    }

    private static Message appendResponse(long from, long to, long term, long index) {
        return new Message(MessageType.APPEND_RESPONSE, from, to, term, 0, index, List.of(), 0, false, 0, 0, null);
    }

    private static List<Entry> entries(long firstIndex, long... terms) {
        List<Entry> entries = new ArrayList<>();
        for (int i = 0; i < terms.length; i++) {
            entries.add(new Entry(terms[i], firstIndex + i, EntryType.NORMAL, bytes("e" + (firstIndex + i))));
        }
        return entries;
    }

    @Test
    void proposalsCommitOnAQuorumAndApplyEverywhere() {
        TestCluster cluster = TestCluster.ofVoters(3);
        cluster.elect(1);
        cluster.isolate(3);
        long index = cluster.propose(1, "a");
        assertThat(cluster.node(1).status().commitIndex()).as("leader and one follower are a quorum")
                .isEqualTo(index);
        assertThat(cluster.appliedValues(2)).containsExactly("a");
        assertThat(cluster.appliedValues(3)).isEmpty();

        cluster.heal();
        cluster.tickAll(1); // heartbeat answer shows follower 3 lags: it gets the entries
        assertThat(cluster.appliedValues(3)).containsExactly("a");
    }

    @Test
    void anUnreachableFollowerIsProbedInsteadOfSentEveryAppend() {
        TestCluster cluster = TestCluster.ofVoters(3);
        cluster.elect(1);
        cluster.propose(1, "warm");
        assertThat(cluster.node(1).progress().get(3L).state()).isEqualTo("REPLICATE");
        cluster.isolate(3);

        cluster.node(1).reportUnreachable(3);
        assertThat(cluster.node(1).progress().get(3L).state()).isEqualTo("PROBE");
        long before = appendsTo(cluster, 3);
        for (int i = 0; i < 5; i++) {
            cluster.propose(1, "v" + i);
        }
        assertThat(appendsTo(cluster, 3) - before).as("one probe, then paused until it answers").isEqualTo(1);

        cluster.heal();
        cluster.tickAll(2);
        assertThat(cluster.appliedValues(3)).endsWith("v4");
    }

    private static long appendsTo(TestCluster cluster, long to) {
        return cluster.sent().stream().filter(m -> m.type() == MessageType.APPEND && m.to() == to).count();
    }

    @Test
    void followerAnswersOnlyInTheReadyThatPersistsTheEntries() {
        RawNode follower = new RawNode(RaftConfig.defaults(2), THREE, HardState.EMPTY, List.of(), 0, 0,
                new SplittableRandom(2));
        follower.step(append(1, 2, 1, 0, 0, 0, entries(1, 1, 1).toArray(Entry[]::new)));
        Ready ready = follower.ready();
        assertThat(ready.entries()).hasSize(2);
        assertThat(ready.mustSync()).isTrue();
        assertThat(ready.messages()).singleElement().satisfies(m -> {
            assertThat(m.type()).isEqualTo(MessageType.APPEND_RESPONSE);
            assertThat(m.index()).isEqualTo(2);
            assertThat(m.reject()).isFalse();
        });
    }

    @Test
    void conflictingSuffixIsReplacedByTheLeadersEntries() {
        RawNode follower = new RawNode(RaftConfig.defaults(2), THREE, new HardState(2, 0, 2),
                entries(1, 1, 1, 2, 2), 0, 0, new SplittableRandom(2));
        Entry replacement = new Entry(3, 3, EntryType.NORMAL, bytes("new"));
        follower.step(append(1, 2, 3, 1, 2, 3, replacement));
        Ready ready = follower.ready();
        assertThat(ready.entries()).as("the entry from index 3 is rewritten").containsExactly(replacement);
        assertThat(follower.status().lastIndex()).as("index 4 of the old term is gone").isEqualTo(3);
        assertThat(ready.hardState()).isEqualTo(new HardState(3, 0, 3));
        assertThat(ready.messages()).singleElement().extracting(Message::index).isEqualTo(3L);
        assertThat(ready.committedEntries()).as("index 3 is committed but not durable yet")
                .extracting(Entry::index).containsExactly(1L, 2L);
        follower.advance(ready);
        assertThat(follower.ready().committedEntries()).containsExactly(replacement);
    }

    @Test
    void appendNotMatchingThePreviousEntryIsRejectedWithAHint() {
        RawNode follower = new RawNode(RaftConfig.defaults(2), THREE, new HardState(2, 0, 1),
                entries(1, 1, 2, 2, 2), 0, 0, new SplittableRandom(2));
        follower.step(append(1, 2, 3, 3, 6, 1, new Entry(3, 7, EntryType.NORMAL, null)));
        Message answer = follower.ready().messages().getFirst();
        assertThat(answer.reject()).isTrue();
        assertThat(answer.index()).isEqualTo(6);
        assertThat(answer.rejectHint()).as("our last index, since we hold nothing at 6").isEqualTo(4);
        assertThat(answer.logTerm()).isEqualTo(2);

        RawNode other = new RawNode(RaftConfig.defaults(2), THREE, new HardState(2, 0, 1),
                entries(1, 1, 2, 2, 2), 0, 0, new SplittableRandom(2));
        other.step(append(1, 2, 3, 1, 4, 1));
        Message skip = other.ready().messages().getFirst();
        assertThat(skip.rejectHint()).as("our entries of term 2 cannot match the leader's term 1 there")
                .isEqualTo(1);
        assertThat(skip.logTerm()).isEqualTo(1);
    }

    @Test
    void appendBelowTheCommitIndexIsAnsweredWithTheCommitIndex() {
        RawNode follower = new RawNode(RaftConfig.defaults(2), THREE, new HardState(1, 0, 3),
                entries(1, 1, 1, 1), 0, 0, new SplittableRandom(2));
        follower.step(append(1, 2, 1, 1, 1, 3, new Entry(1, 2, EntryType.NORMAL, bytes("e2"))));
        assertThat(follower.ready().messages()).singleElement().extracting(Message::index, Message::reject)
                .containsExactly(3L, false);
    }

    @Test
    void replacingACommittedEntryIsASafetyViolation() {
        RaftLog log = new RaftLog(0, 0, entries(1, 1, 1, 1), 2);
        assertThatThrownBy(() -> log.maybeAppend(1, 1, 2, List.of(new Entry(2, 2, EntryType.NORMAL, null))))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("conflicts with committed entry");
    }

    @Test
    void leaderBacktracksOverADivergentTailInFewProbes() {
        List<Entry> leaderLog = new ArrayList<>(entries(1, 1, 1, 1, 1, 1));
        leaderLog.addAll(entries(6, 3, 3, 3, 3, 3));
        List<Entry> divergent = new ArrayList<>(entries(1, 1, 1, 1, 1, 1));
        for (long index = 6; index <= 30; index++) {
            divergent.add(new Entry(2, index, EntryType.NORMAL, bytes("old" + index)));
        }
        TestCluster cluster = new TestCluster(RaftConfig::defaults);
        cluster.restore(1, THREE, new HardState(3, 1, 5), leaderLog);
        cluster.restore(2, THREE, new HardState(2, 0, 5), divergent);
        cluster.restore(3, THREE, new HardState(3, 1, 5), leaderLog);
        cluster.isolate(3);
        cluster.elect(1);

        assertThat(cluster.node(1).status().role()).isEqualTo(Role.LEADER);
        assertThat(cluster.node(2).status().lastIndex()).isEqualTo(11);
        assertThat(cluster.applied(2)).extracting(Entry::term)
                .containsExactly(1L, 1L, 1L, 1L, 1L, 3L, 3L, 3L, 3L, 3L, 4L);
        long rejections = cluster.sent().stream()
                .filter(m -> m.type() == MessageType.APPEND_RESPONSE && m.reject()).count();
        assertThat(rejections).as("25 divergent entries skipped by term, not one by one").isLessThanOrEqualTo(2);
    }

    @Test
    void noMoreThanMaxInflightAppendsAreOutstanding() {
        TestCluster cluster = TestCluster.ofVoters(3, id -> RaftConfig.defaults(id).withFlowControl(2, 1 << 20));
        cluster.elect(1);
        cluster.drop(m -> m.type() == MessageType.APPEND_RESPONSE && m.from() == 3);
        int before = cluster.sent().size();
        for (int i = 0; i < 10; i++) {
            cluster.propose(1, "v" + i);
        }
        long appendsTo3 = cluster.sent().subList(before, cluster.sent().size()).stream()
                .filter(m -> m.type() == MessageType.APPEND && m.to() == 3 && !m.entries().isEmpty()).count();
        assertThat(appendsTo3).isEqualTo(2);
        assertThat(cluster.node(1).progress().get(3L).state()).isEqualTo("REPLICATE");
        assertThat(cluster.appliedValues(2)).hasSize(10);

        cluster.heal();
        cluster.tickAll(3); // heartbeat answers free the window; then the answers flow again
        assertThat(cluster.appliedValues(3)).hasSize(10);
    }

    @Test
    void appendsCarryAtMostMaxBytesPerMessageButAlwaysOneEntry() {
        TestCluster cluster = TestCluster.ofVoters(3, id -> RaftConfig.defaults(id).withFlowControl(256, 100));
        cluster.elect(1);
        cluster.isolate(3);
        for (int i = 0; i < 3; i++) {
            cluster.node(1).propose(EntryType.NORMAL, new byte[60]);
        }
        cluster.node(1).propose(EntryType.NORMAL, new byte[300]);
        cluster.settle();
        int before = cluster.sent().size();
        cluster.heal();
        cluster.tickAll(1);
        List<Message> appends = cluster.sent().subList(before, cluster.sent().size()).stream()
                .filter(m -> m.type() == MessageType.APPEND && m.to() == 3 && !m.entries().isEmpty()).toList();
        assertThat(appends).allSatisfy(m -> assertThat(m.payloadSize() <= 100 || m.entries().size() == 1).isTrue());
        assertThat(appends.stream().mapToInt(m -> m.entries().size()).sum()).isEqualTo(4);
        assertThat(cluster.node(3).status().commitIndex()).isEqualTo(cluster.node(1).status().commitIndex());
    }

    @Test
    void onlyEntriesOfTheCurrentTermCommitByCountingReplicas() {
        List<Entry> log = entries(1, 1, 1);
        TestCluster cluster = new TestCluster(RaftConfig::defaults);
        cluster.restore(1, THREE, new HardState(1, 0, 1), log);
        cluster.restore(2, THREE, new HardState(1, 0, 1), log);
        cluster.restore(3, THREE, new HardState(1, 0, 1), log.subList(0, 1));
        cluster.drop(m -> m.type() == MessageType.APPEND);
        cluster.elect(1);
        RawNode leader = cluster.node(1);
        assertThat(leader.status().term()).isEqualTo(2);
        assertThat(leader.status().lastIndex()).isEqualTo(3);

        leader.step(appendResponse(2, 1, 2, 2));
        cluster.handleReadies();
        assertThat(leader.status().commitIndex()).as("index 2 is on a quorum but of an earlier term").isEqualTo(1);

        leader.step(appendResponse(2, 1, 2, 3));
        cluster.handleReadies();
        assertThat(leader.status().commitIndex()).as("the new term's entry commits, and all before it")
                .isEqualTo(3);
    }

    @Test
    void heartbeatAnswerResumesAPausedProbe() {
        TestCluster cluster = TestCluster.ofVoters(3);
        cluster.drop(m -> m.to() == 3 && m.type() == MessageType.APPEND);
        cluster.elect(1); // the first probe to 3 is lost: the leader waits for an answer before probing again
        cluster.propose(1, "x");
        cluster.heal();
        int before = cluster.sent().size();
        cluster.settle();
        assertThat(cluster.sent().subList(before, cluster.sent().size())).noneMatch(m -> m.to() == 3);
        assertThat(cluster.node(1).progress().get(3L)).satisfies(p -> {
            assertThat(p.state()).isEqualTo("PROBE");
            assertThat(p.match()).isZero();
        });

        cluster.tickAll(1);
        assertThat(cluster.appliedValues(3)).containsExactly("x");
        assertThat(cluster.node(1).progress().get(3L).state()).isEqualTo("REPLICATE");
    }

    @Test
    void leaderCountsItsOwnEntriesOnlyOnceDurable() {
        TestCluster cluster = TestCluster.ofVoters(3);
        cluster.elect(1);
        RawNode leader = cluster.node(1);
        long index = leader.propose(EntryType.NORMAL, bytes("a"));
        Ready persisting = leader.ready();
        Message toFollower = persisting.messages().stream().filter(m -> m.to() == 2).findFirst().orElseThrow();
        RawNode follower = cluster.node(2);
        follower.step(toFollower);
        Ready followerReady = follower.ready();
        follower.advance(followerReady);
        leader.step(followerReady.messages().getFirst());
        assertThat(leader.status().commitIndex()).as("one follower of three has it; the leader's copy is not durable")
                .isLessThan(index);
        leader.advance(persisting);
        assertThat(leader.status().commitIndex()).isEqualTo(index);
    }
}
