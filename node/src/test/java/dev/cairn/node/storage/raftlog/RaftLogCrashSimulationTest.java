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
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Seeded simulation of the raft loop over the durable log with crashes at random points (before a Ready is
 * saved, or after saving but before advance) and log compaction. Invariants: an applied index never changes content, the state
 * machine sees every index exactly once in order, and nothing once committed is lost across restarts.
 */
class RaftLogCrashSimulationTest {
    private static final long ID = 3;

    @TempDir
    Path dir;

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12})
    void committedEntriesSurviveCrashesAndApplyExactlyOnce(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        Path logDir = dir.resolve("seed-" + seed);
        Map<Long, Entry> appliedByIndex = new HashMap<>();
        long stateMachineApplied = 0; // what the state machine persisted, as the apply layer would
        long highestCommitSeen = 0;
        int proposals = 0;

        RaftLogStorage log = RaftLogStorage.open(logDir, 1024, true);
        RawNode node = restore(log, random);
        for (int step = 0; step < 400; step++) {
            int action = random.nextInt(10);
            if (action < 4 && node.status().role() == Role.LEADER) {
                for (int i = random.nextInt(1, 4); i > 0; i--) {
                    node.propose(EntryType.NORMAL, ("p" + proposals++).getBytes(StandardCharsets.UTF_8));
                }
            } else if (action < 5) {
                node.tick();
            } else if (action == 5 && random.nextInt(4) == 0) {
                // Log compaction as the server does it: only what the state machine has durably applied.
                long upTo = Math.min(stateMachineApplied, node.status().appliedIndex());
                node.compact(upTo);
                log.releaseUpTo(upTo);
            } else if (action < 9 && node.hasReady()) {
                Ready ready = node.ready();
                log.save(ready.hardState(), ready.entries());
                for (Entry entry : ready.committedEntries()) {
                    Entry earlier = appliedByIndex.putIfAbsent(entry.index(), entry);
                    assertThat(earlier == null || earlier.equals(entry)).as("index %d changed", entry.index())
                            .isTrue();
                    if (entry.index() <= stateMachineApplied) {
                        continue; // redelivered after a restart; the apply layer skips it
                    }
                    assertThat(entry.index()).as("applied in order without gaps")
                            .isEqualTo(stateMachineApplied + 1);
                    stateMachineApplied = entry.index();
                }
                if (random.nextInt(8) == 0) {
                    log = crashAndReopen(log, logDir); // saved, but advance never ran
                    node = restore(log, random);
                } else {
                    node.advance(ready);
                }
            } else {
                log = crashAndReopen(log, logDir); // whatever was not saved is lost
                node = restore(log, random);
            }
            highestCommitSeen = Math.max(highestCommitSeen, node.status().commitIndex());
            assertThat(log.hardState().commit()).isLessThanOrEqualTo(log.lastIndex());
        }
        log.close();
        try (RaftLogStorage reopened = RaftLogStorage.open(logDir, 1024, true)) {
            assertThat(reopened.hardState().commit()).isGreaterThanOrEqualTo(stateMachineApplied);
            for (Entry entry : reopened.entries()) {
                if (appliedByIndex.containsKey(entry.index())) {
                    assertThat(entry).isEqualTo(appliedByIndex.get(entry.index()));
                }
            }
        }
        assertThat(stateMachineApplied).as("the simulation made progress").isGreaterThan(10);
        assertThat(highestCommitSeen).isGreaterThanOrEqualTo(stateMachineApplied);
    }

    private static RaftLogStorage crashAndReopen(RaftLogStorage log, Path logDir) {
        log.close();
        return RaftLogStorage.open(logDir, 1024, true);
    }

    private static RawNode restore(RaftLogStorage log, SplittableRandom random) {
        return new RawNode(new RaftConfig(ID, 3, 1, 256, 1L << 20, 64), new ConfState(Set.of(ID), Set.of()),
                log.hardState(), log.entries(), log.firstIndex() - 1, log.termBeforeFirstIndex(), random.split());
    }
}
