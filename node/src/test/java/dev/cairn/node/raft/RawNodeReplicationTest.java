package dev.cairn.node.raft;

import static dev.cairn.node.raft.RaftTestSupport.ID;
import static dev.cairn.node.raft.RaftTestSupport.bytes;
import static dev.cairn.node.raft.RaftTestSupport.drain;
import static dev.cairn.node.raft.RaftTestSupport.electedSingleVoter;
import static dev.cairn.node.raft.RaftTestSupport.voters;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RawNodeReplicationTest {

    @Test
    void proposalCommitsOnlyAfterItsReadyIsAdvanced() {
        RawNode node = electedSingleVoter();
        long index = node.propose(EntryType.NORMAL, bytes("put a"));
        assertThat(index).isEqualTo(2);

        Ready persist = node.ready();
        assertThat(persist.entries()).containsExactly(new Entry(1, 2, EntryType.NORMAL, bytes("put a")));
        assertThat(persist.committedEntries()).isEmpty();
        assertThat(persist.hardState()).as("commit unchanged before fsync").isNull();
        assertThat(node.status().commitIndex()).isEqualTo(1);

        node.advance(persist);
        assertThat(node.status().commitIndex()).isEqualTo(2);

        Ready apply = node.ready();
        assertThat(apply.entries()).isEmpty();
        assertThat(apply.hardState()).isEqualTo(new HardState(1, ID, 2));
        assertThat(apply.committedEntries()).containsExactly(new Entry(1, 2, EntryType.NORMAL, bytes("put a")));
        node.advance(apply);

        assertThat(node.status().appliedIndex()).isEqualTo(2);
        assertThat(node.hasReady()).isFalse();
    }

    @Test
    void onlyNewEntriesOrANewTermOrVoteNeedAnFsync() {
        RawNode node = electedSingleVoter();
        node.propose(EntryType.NORMAL, bytes("put a"));

        Ready persist = node.ready();
        assertThat(persist.mustSync()).isTrue();
        node.advance(persist);

        Ready apply = node.ready();
        assertThat(apply.entries()).isEmpty();
        assertThat(apply.hardState().commit()).isEqualTo(2);
        assertThat(apply.mustSync()).as("a commit index alone may be lost in a crash").isFalse();
    }

    @Test
    void readyWithoutAdvanceIsRepeatedNotLost() {
        RawNode node = electedSingleVoter();
        node.propose(EntryType.NORMAL, bytes("x"));
        Ready first = node.ready();
        Ready again = node.ready();
        assertThat(again).isEqualTo(first);
    }

    @Test
    void manyProposalsTravelInOneReadyAndCommitTogether() {
        RawNode node = electedSingleVoter();
        for (int i = 0; i < 100; i++) {
            node.propose(EntryType.NORMAL, bytes("v" + i));
        }
        Ready persist = node.ready();
        assertThat(persist.entries()).hasSize(100);
        assertThat(persist.entries().getFirst().index()).isEqualTo(2);
        assertThat(persist.entries().getLast().index()).isEqualTo(101);
        node.advance(persist);

        Ready apply = node.ready();
        assertThat(apply.committedEntries()).hasSize(100);
        assertThat(apply.hardState().commit()).isEqualTo(101);
    }

    @Test
    void proposalsArrivingBetweenReadyAndAdvanceWaitForTheirOwnFsync() {
        RawNode node = electedSingleVoter();
        node.propose(EntryType.NORMAL, bytes("a"));
        Ready first = node.ready();
        node.propose(EntryType.NORMAL, bytes("b"));
        node.advance(first);
        assertThat(node.status().commitIndex()).as("b was not in the persisted Ready").isEqualTo(2);

        Ready second = node.ready();
        assertThat(second.entries()).extracting(Entry::index).containsExactly(3L);
        assertThat(second.committedEntries()).extracting(Entry::index).containsExactly(2L);
        node.advance(second);
        assertThat(node.status().commitIndex()).isEqualTo(3);
    }

    @Test
    void everyEntryIsAppliedExactlyOnceInOrder() {
        RawNode node = electedSingleVoter();
        List<Entry> applied = new ArrayList<>();
        long expectedLast = 1;
        for (int round = 0; round < 20; round++) {
            for (int i = 0; i <= round % 4; i++) {
                expectedLast = node.propose(EntryType.NORMAL, bytes(round + "/" + i));
            }
            if (round % 3 == 0) {
                drain(node, applied);
            }
        }
        drain(node, applied);
        assertThat(applied).extracting(Entry::index)
                .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(2, expectedLast).boxed().toList());
        assertThat(node.status().appliedIndex()).isEqualTo(expectedLast);
    }

    @Test
    void committedEntriesAreHandedOutInBoundedBatches() {
        RaftConfig config = new RaftConfig(ID, 10, 1, 10, 1L << 20, 16);
        RawNode node = new RawNode(config, voters(ID), HardState.EMPTY, List.of(), 0, 0, new SplittableRandom(3));
        node.campaign();
        drain(node, new ArrayList<>());
        for (int i = 0; i < 6; i++) {
            node.propose(EntryType.NORMAL, new byte[4]);
        }
        node.advance(node.ready());
        List<Integer> batchSizes = new ArrayList<>();
        while (node.hasReady()) {
            Ready ready = node.ready();
            batchSizes.add(ready.committedEntries().size());
            node.advance(ready);
        }
        assertThat(batchSizes).containsExactly(2, 2, 2);
    }

    @Test
    void proposeOnFollowerThrowsNotLeader() {
        RawNode node = RaftTestSupport.freshSingleVoter();
        assertThatThrownBy(() -> node.propose(EntryType.NORMAL, bytes("x")))
                .isInstanceOf(NotLeaderException.class)
                .satisfies(e -> assertThat(((NotLeaderException) e).leaderId()).isZero());
        assertThatThrownBy(() -> node.readIndex(7)).isInstanceOf(NotLeaderException.class);
    }

    @Test
    void uncommittedBytesAreBounded() {
        RaftConfig config = new RaftConfig(ID, 10, 1, 1L << 20, 100, 16);
        RawNode node = new RawNode(config, voters(ID), HardState.EMPTY, List.of(), 0, 0, new SplittableRandom(3));
        node.campaign();
        drain(node, new ArrayList<>());
        node.propose(EntryType.NORMAL, new byte[60]);
        assertThatThrownBy(() -> node.propose(EntryType.NORMAL, new byte[60]))
                .isInstanceOf(TooManyRequestsException.class);

        drain(node, new ArrayList<>());
        assertThat(node.propose(EntryType.NORMAL, new byte[60])).as("room again once committed").isEqualTo(3);
    }

    @Test
    void confChangeEntriesKeepTheirType() {
        RawNode node = electedSingleVoter();
        node.propose(EntryType.CONF_CHANGE, bytes("add 2"));
        List<Entry> applied = drain(node, new ArrayList<>());
        assertThat(applied).singleElement().extracting(Entry::type).isEqualTo(EntryType.CONF_CHANGE);
    }
}
