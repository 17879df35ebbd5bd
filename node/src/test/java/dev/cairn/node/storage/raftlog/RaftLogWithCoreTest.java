package dev.cairn.node.storage.raftlog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.node.raft.ConfState;
import dev.cairn.node.raft.Entry;
import dev.cairn.node.raft.EntryType;
import dev.cairn.node.raft.RaftConfig;
import dev.cairn.node.raft.RawNode;
import dev.cairn.node.raft.Ready;
import dev.cairn.node.raft.Role;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The raft loop's persistence contract end to end: Readies saved to disk restore a core that carries on. */
class RaftLogWithCoreTest {
    private static final long ID = 7;

    @TempDir
    Path dir;

    private static RawNode restore(RaftLogStorage log) {
        return new RawNode(RaftConfig.defaults(ID), new ConfState(Set.of(ID), Set.of()), log.hardState(),
                log.entries(), log.firstIndex() - 1, log.termBeforeFirstIndex(), new SplittableRandom(1));
    }

    private static List<Entry> runReadies(RawNode node, RaftLogStorage log) {
        List<Entry> applied = new ArrayList<>();
        while (node.hasReady()) {
            Ready ready = node.ready();
            log.save(ready.hardState(), ready.entries());
            applied.addAll(ready.committedEntries());
            node.advance(ready);
        }
        return applied;
    }

    @Test
    void restartFromTheDurableLogContinuesWhereItStopped() {
        try (RaftLogStorage log = RaftLogStorage.open(dir)) {
            RawNode node = restore(log);
            node.bootstrap(List.of("member 7".getBytes(StandardCharsets.UTF_8)));
            node.campaign();
            for (int i = 0; i < 10; i++) {
                node.propose(EntryType.NORMAL, ("put " + i).getBytes(StandardCharsets.UTF_8));
            }
            assertThat(runReadies(node, log)).extracting(Entry::index)
                    .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, 12).boxed().toList());
        }
        try (RaftLogStorage log = RaftLogStorage.open(dir)) {
            RawNode node = restore(log);
            assertThat(node.status().commitIndex()).isEqualTo(12);
            assertThat(node.status().term()).isEqualTo(2);
            node.campaign();
            assertThat(node.status().role()).isEqualTo(Role.LEADER);
            assertThat(node.status().term()).isEqualTo(3);
            List<Entry> applied = runReadies(node, log);
            assertThat(applied.getLast()).isEqualTo(new Entry(3, 13, EntryType.NORMAL, null));
            assertThat(log.hardState().commit()).isEqualTo(13);
        }
    }
}
