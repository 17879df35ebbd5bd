package dev.cairn.node.raft;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** A follower whose missing entries were compacted away catches up through a snapshot of the state store. */
class SnapshotTransferTest {
    private static final ConfState THREE = new ConfState(Set.of(1L, 2L, 3L), Set.of());

    private static Message snapshot(long from, long to, long term, SnapshotMeta meta) {
        return new Message(MessageType.SNAPSHOT, from, to, term, 0, 0, List.of(), 0, false, 0, 0, meta);
    }

    private static TestCluster clusterWithLaggingFollower() {
        TestCluster cluster = TestCluster.ofVoters(3);
        cluster.elect(1);
        cluster.isolate(3);
        for (int i = 0; i < 5; i++) {
            cluster.propose(1, "v" + i);
        }
        RawNode leader = cluster.node(1);
        leader.compact(leader.status().appliedIndex());
        cluster.heal();
        return cluster;
    }

    @Test
    void laggingFollowerGetsOneSnapshotRequestThenEntries() {
        TestCluster cluster = clusterWithLaggingFollower();
        cluster.tickAll(1);

        List<Message> snapshots = cluster.sent().stream().filter(m -> m.type() == MessageType.SNAPSHOT).toList();
        assertThat(snapshots).singleElement().satisfies(m -> {
            assertThat(m.to()).isEqualTo(3);
            assertThat(m.snapshot()).as("the transport fills in what it streams").isNull();
        });
        assertThat(cluster.appliedValues(3)).containsExactly("v0", "v1", "v2", "v3", "v4");
        assertThat(cluster.node(3).status().appliedIndex()).isEqualTo(cluster.node(1).status().appliedIndex());
        assertThat(cluster.node(3).confState()).isEqualTo(THREE);

        cluster.propose(1, "after");
        assertThat(cluster.appliedValues(3)).endsWith("after");
        assertThat(cluster.node(1).progress().get(3L).state()).isEqualTo("REPLICATE");
    }

    @Test
    void noAppendsWhileTheSnapshotIsOnItsWayAndARetryAfterAFailure() {
        TestCluster cluster = clusterWithLaggingFollower();
        cluster.drop(m -> m.type() == MessageType.SNAPSHOT);
        cluster.tickAll(1);
        RawNode leader = cluster.node(1);
        assertThat(leader.progress().get(3L).state()).isEqualTo("SNAPSHOT");
        int before = cluster.sent().size();
        cluster.propose(1, "more");
        cluster.tickAll(3);
        assertThat(cluster.sent().subList(before, cluster.sent().size()))
                .noneMatch(m -> m.to() == 3 && (m.type() == MessageType.APPEND || m.type() == MessageType.SNAPSHOT));

        leader.reportSnapshot(3, false);
        assertThat(leader.progress().get(3L).state()).isEqualTo("PROBE");
        cluster.heal();
        cluster.settle();
        assertThat(cluster.sent().subList(before, cluster.sent().size()))
                .as("the retry waits for the next heartbeat round").noneMatch(m -> m.type() == MessageType.SNAPSHOT);
        cluster.tickAll(1);
        assertThat(cluster.sent().subList(before, cluster.sent().size()))
                .filteredOn(m -> m.type() == MessageType.SNAPSHOT).hasSize(1);
        assertThat(cluster.appliedValues(3)).endsWith("v4", "more");
    }

    @Test
    void followerRestoresAReceivedSnapshotAheadOfItsLog() {
        RawNode follower = new RawNode(RaftConfig.defaults(2), THREE, new HardState(1, 0, 0),
                List.of(new Entry(1, 1, EntryType.NORMAL, null)), 0, 0, new SplittableRandom(2));
        follower.advance(follower.ready());
        ConfState conf = new ConfState(Set.of(1L, 2L, 3L, 4L), Set.of());
        SnapshotMeta meta = new SnapshotMeta(20, 3, conf);
        follower.step(snapshot(1, 2, 3, meta));

        Ready ready = follower.ready();
        assertThat(ready.snapshot()).isEqualTo(meta);
        assertThat(ready.mustSync()).isTrue();
        assertThat(ready.hardState()).isEqualTo(new HardState(3, 0, 20));
        assertThat(ready.committedEntries()).isEmpty();
        assertThat(ready.messages()).singleElement().satisfies(m -> {
            assertThat(m.type()).isEqualTo(MessageType.APPEND_RESPONSE);
            assertThat(m.index()).isEqualTo(20);
        });
        follower.advance(ready);
        assertThat(follower.status().appliedIndex()).isEqualTo(20);
        assertThat(follower.status().lastIndex()).isEqualTo(20);
        assertThat(follower.confState()).isEqualTo(conf);

        follower.step(new Message(MessageType.APPEND, 1, 2, 3, 3, 20, List.of(new Entry(3, 21, EntryType.NORMAL,
                null)), 21, false, 0, 0, null));
        Ready next = follower.ready();
        assertThat(next.entries()).extracting(Entry::index).containsExactly(21L);
        assertThat(next.snapshot()).isNull();
    }

    @Test
    void snapshotNotAheadOfTheCommitIndexIsNotRestored() {
        List<Entry> log = List.of(new Entry(1, 1, EntryType.NORMAL, null), new Entry(1, 2, EntryType.NORMAL, null),
                new Entry(1, 3, EntryType.NORMAL, null));
        RawNode follower = new RawNode(RaftConfig.defaults(2), THREE, new HardState(1, 0, 3), log, 0, 0,
                new SplittableRandom(2));
        follower.advance(follower.ready());
        follower.step(snapshot(1, 2, 1, new SnapshotMeta(2, 1, THREE)));
        Ready ready = follower.ready();
        assertThat(ready.snapshot()).isNull();
        assertThat(ready.messages()).singleElement().extracting(Message::index).isEqualTo(3L);
        assertThat(follower.status().lastIndex()).isEqualTo(3);
    }

    @Test
    void snapshotWhoseEndTheLogAlreadyHoldsOnlyAdvancesTheCommitIndex() {
        List<Entry> log = List.of(new Entry(1, 1, EntryType.NORMAL, null), new Entry(1, 2, EntryType.NORMAL, null),
                new Entry(1, 3, EntryType.NORMAL, null));
        RawNode follower = new RawNode(RaftConfig.defaults(2), THREE, new HardState(1, 0, 1), log, 0, 0,
                new SplittableRandom(2));
        follower.advance(follower.ready());
        follower.step(snapshot(1, 2, 1, new SnapshotMeta(2, 1, THREE)));
        Ready ready = follower.ready();
        assertThat(ready.snapshot()).as("entries up to 2 are applied from the log instead").isNull();
        assertThat(ready.committedEntries()).extracting(Entry::index).containsExactly(2L);
        assertThat(follower.status().lastIndex()).as("entry 3 is kept").isEqualTo(3);
    }
}
