package dev.cairn.node.raft;

import static dev.cairn.node.raft.RaftTestSupport.ID;
import static dev.cairn.node.raft.RaftTestSupport.bytes;
import static dev.cairn.node.raft.RaftTestSupport.drain;
import static dev.cairn.node.raft.RaftTestSupport.voters;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RawNodeRestartTest {

    private static RawNode restored(HardState state, List<Entry> entries, long snapshotIndex, long snapshotTerm) {
        return new RawNode(RaftConfig.defaults(ID), voters(ID), state, entries, snapshotIndex, snapshotTerm,
                new SplittableRandom(9));
    }

    @Test
    void restartContinuesTermsAndIndexes() {
        List<Entry> log = List.of(new Entry(1, 1, EntryType.NORMAL, null), new Entry(1, 2, EntryType.NORMAL,
                bytes("a")), new Entry(2, 3, EntryType.NORMAL, null), new Entry(2, 4, EntryType.NORMAL, bytes("b")));
        RawNode node = restored(new HardState(2, ID, 4), log, 0, 0);
        assertThat(node.status()).isEqualTo(new RaftStatus(ID, 2, ID, Role.FOLLOWER, 0, 4, 4, 0, 0, false));

        List<Entry> applied = drain(node, new ArrayList<>());
        assertThat(applied).as("committed entries are delivered again; apply skips what it already has")
                .containsExactlyElementsOf(log);

        node.campaign();
        assertThat(node.status().term()).isEqualTo(3);
        Ready ready = node.ready();
        assertThat(ready.entries()).containsExactly(new Entry(3, 5, EntryType.NORMAL, new byte[0]));
        node.advance(ready);
        assertThat(node.status().commitIndex()).isEqualTo(5);
        assertThat(node.propose(EntryType.NORMAL, bytes("c"))).isEqualTo(6);
    }

    @Test
    void restartCommitsUncommittedEntriesOfEarlierTermsThroughTheNewLeadersEntry() {
        List<Entry> log = List.of(new Entry(1, 1, EntryType.NORMAL, null), new Entry(1, 2, EntryType.NORMAL,
                bytes("durable but uncommitted")));
        RawNode node = restored(new HardState(1, ID, 1), log, 0, 0);
        node.campaign();
        List<Entry> applied = drain(node, new ArrayList<>());
        assertThat(applied).extracting(Entry::index).containsExactly(1L, 2L, 3L);
        assertThat(node.status().commitIndex()).isEqualTo(3);
    }

    @Test
    void restartAfterCompactionStartsAfterTheSnapshot() {
        List<Entry> log = List.of(new Entry(4, 11, EntryType.NORMAL, bytes("k")));
        RawNode node = restored(new HardState(4, ID, 11), log, 10, 4);
        List<Entry> applied = drain(node, new ArrayList<>());
        assertThat(applied).extracting(Entry::index).containsExactly(11L);
        node.campaign();
        drain(node, new ArrayList<>());
        assertThat(node.status()).isEqualTo(new RaftStatus(ID, 5, ID, Role.LEADER, ID, 12, 12, 12, 0, false));
    }

    @Test
    void restoredStateMustBeConsistent() {
        List<Entry> gap = List.of(new Entry(1, 1, EntryType.NORMAL, null), new Entry(1, 3, EntryType.NORMAL, null));
        assertThatThrownBy(() -> restored(new HardState(1, 0, 0), gap, 0, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not contiguous");
        List<Entry> one = List.of(new Entry(1, 1, EntryType.NORMAL, null));
        assertThatThrownBy(() -> restored(new HardState(1, 0, 5), one, 0, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("beyond the last index");
        assertThatThrownBy(() -> restored(new HardState(0, 0, 0), one, 0, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("below the last entry's term");
    }

    @Test
    void bootstrapWritesCommittedConfChangesAtTermOne() {
        RawNode node = RaftTestSupport.freshSingleVoter();
        node.bootstrap(List.of(bytes("add 1")));

        Ready persist = node.ready();
        assertThat(persist.hardState()).isEqualTo(new HardState(1, 0, 1));
        assertThat(persist.entries()).containsExactly(new Entry(1, 1, EntryType.CONF_CHANGE, bytes("add 1")));
        assertThat(persist.committedEntries()).as("applied only once durable").isEmpty();
        node.advance(persist);
        assertThat(node.ready().committedEntries()).containsExactlyElementsOf(persist.entries());
        drain(node, new ArrayList<>());

        node.campaign();
        assertThat(node.status().term()).isEqualTo(2);
        List<Entry> applied = drain(node, new ArrayList<>());
        assertThat(applied).containsExactly(new Entry(2, 2, EntryType.NORMAL, null));
    }

    @Test
    void bootstrapIsRefusedOnAnExistingLog() {
        RawNode node = RaftTestSupport.electedSingleVoter();
        assertThatThrownBy(() -> node.bootstrap(List.of(bytes("add 1"))))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void compactionDropsAppliedEntriesAndKeepsWorking() {
        RawNode node = RaftTestSupport.electedSingleVoter();
        for (int i = 0; i < 5; i++) {
            node.propose(EntryType.NORMAL, bytes("v" + i));
        }
        drain(node, new ArrayList<>());
        node.compact(4);
        node.compact(2); // already compacted: no effect
        assertThat(node.propose(EntryType.NORMAL, bytes("after"))).isEqualTo(7);
        assertThat(drain(node, new ArrayList<>())).extracting(Entry::index).containsExactly(7L);
        node.compact(7);
        node.readIndex(1);
        assertThat(node.ready().readStates()).containsExactly(new ReadState(7, 1));
    }

    @Test
    void compactionBeyondAppliedIsRefused() {
        RawNode node = RaftTestSupport.electedSingleVoter();
        node.propose(EntryType.NORMAL, bytes("x"));
        assertThatThrownBy(() -> node.compact(2)).isInstanceOf(IllegalArgumentException.class);
    }
}
