package dev.cairn.node.raft;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/** Builds cores for tests and plays the caller's part of the Ready loop with an in-memory "disk". */
final class RaftTestSupport {
    static final long ID = 1;

    private RaftTestSupport() {
    }

    static RawNode freshSingleVoter() {
        return new RawNode(RaftConfig.defaults(ID), voters(ID), HardState.EMPTY, List.of(), 0, 0,
                new SplittableRandom(42));
    }

    /** Campaigns and persists the resulting Ready, so the new leader's empty entry is committed and applied. */
    static RawNode electedSingleVoter() {
        RawNode node = freshSingleVoter();
        node.campaign();
        drain(node, new ArrayList<>());
        return node;
    }

    /** Handles Readies until none is left, collecting every committed entry handed to apply. */
    static List<Entry> drain(RawNode node, List<Entry> applied) {
        while (node.hasReady()) {
            Ready ready = node.ready();
            applied.addAll(ready.committedEntries());
            node.advance(ready);
        }
        return applied;
    }

    static ConfState voters(Long... ids) {
        return new ConfState(Set.of(ids), Set.of());
    }

    static byte[] bytes(String text) {
        return text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
}
