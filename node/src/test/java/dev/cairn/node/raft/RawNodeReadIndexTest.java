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

class RawNodeReadIndexTest {

    @Test
    void readBeforeTheLeadersFirstCommitWaitsForIt() {
        RawNode node = RaftTestSupport.freshSingleVoter();
        node.campaign();
        node.readIndex(11);

        Ready persist = node.ready();
        assertThat(persist.readStates()).as("leader has not committed in its term yet").isEmpty();
        node.advance(persist);

        Ready next = node.ready();
        assertThat(next.readStates()).containsExactly(new ReadState(1, 11));
        node.advance(next);
        assertThat(node.hasReady()).isFalse();
    }

    @Test
    void readAfterTheFirstCommitIsServedAtTheCurrentCommitIndex() {
        RawNode node = RaftTestSupport.electedSingleVoter();
        node.propose(EntryType.NORMAL, bytes("a"));
        node.readIndex(1);
        Ready persist = node.ready();
        assertThat(persist.readStates()).as("served at once, at the commit index of its arrival")
                .containsExactly(new ReadState(1, 1));
        node.advance(persist); // persists "a", which commits index 2
        node.readIndex(2);

        assertThat(node.ready().readStates()).containsExactly(new ReadState(2, 2));
    }

    @Test
    void readStatesAreReportedOnce() {
        RawNode node = RaftTestSupport.electedSingleVoter();
        node.readIndex(5);
        Ready ready = node.ready();
        node.readIndex(6);
        node.advance(ready);
        assertThat(node.ready().readStates()).containsExactly(new ReadState(1, 6));
    }

    @Test
    void pendingReadsAreBounded() {
        RawNode node = new RawNode(new RaftConfig(ID, 10, 1, 1L << 20, 1L << 20, 2), voters(ID), HardState.EMPTY,
                List.of(), 0, 0, new SplittableRandom(5));
        node.campaign();
        node.readIndex(1);
        node.readIndex(2);
        assertThatThrownBy(() -> node.readIndex(3)).isInstanceOf(TooManyRequestsException.class);
        drain(node, new ArrayList<>());
        node.readIndex(3);
    }
}
