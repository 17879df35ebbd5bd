package dev.cairn.node.server;

import dev.cairn.node.fs.Directories;
import dev.cairn.node.lease.Lessor;
import dev.cairn.node.raft.ConfState;
import dev.cairn.node.raft.Entry;
import dev.cairn.node.raft.SnapshotMeta;
import dev.cairn.node.storage.mvcc.MvccStore;
import dev.cairn.node.storage.mvcc.StoreCheckpoint;
import dev.cairn.node.storage.raftlog.RaftLogStorage;
import dev.cairn.node.watch.WatchHub;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Installs a state store the leader streamed to this member (a Raft snapshot): checks that it is the state the Raft
 * core asked for, swaps it in, restarts the Raft log after it, then lets everything that caches state of the store
 * read it again. Runs on the raft loop thread (the owner of the Raft log) while the apply thread is idle.
 *
 * <p>The store is swapped before the log is reset: a crash in between leaves a store ahead of its log, which
 * {@link #completeInterruptedInstall} repairs at the next start. The other order could leave a log that starts
 * after entries the store never applied.
 */
final class StoreSnapshotInstaller implements SnapshotInstaller {
    private static final System.Logger LOG = System.getLogger(StoreSnapshotInstaller.class.getName());

    private final MvccStore store;
    private final RaftLogStorage log;
    private final Lessor lessor;
    private final Alarms alarms;
    private final WatchHub watchHub;
    private final Consumer<SnapshotMeta> afterStoreReplaced;

    /**
     * @param afterStoreReplaced called once the store and the log hold the snapshot and before watchers catch up:
     *                           reloads what else reads the store (the membership) and moves the applied index
     */
    StoreSnapshotInstaller(MvccStore store, RaftLogStorage log, Lessor lessor, Alarms alarms, WatchHub watchHub,
                           Consumer<SnapshotMeta> afterStoreReplaced) {
        this.store = store;
        this.log = log;
        this.lessor = lessor;
        this.alarms = alarms;
        this.watchHub = watchHub;
        this.afterStoreReplaced = afterStoreReplaced;
    }

    /**
     * @throws IllegalArgumentException when {@code stagedStore} is not the state {@code snapshot} describes or is
     *                                  not ahead of this member's; nothing changed then and the directory is deleted
     */
    @Override
    public void install(SnapshotMeta snapshot, Path stagedStore) {
        try {
            check(snapshot, MvccStore.readCheckpoint(stagedStore));
        } catch (RuntimeException e) {
            Directories.deleteQuietly(stagedStore);
            throw e;
        }
        LOG.log(System.Logger.Level.INFO, "installing the snapshot at index {0} (term {1}) in place of the state "
                + "applied up to index {2}", snapshot.index(), snapshot.term(), store.consistentIndex());
        store.restoreFrom(stagedStore);
        log.resetTo(snapshot.index(), snapshot.term());
        lessor.reload(store);
        alarms.reload(store);
        afterStoreReplaced.accept(snapshot);
        watchHub.storeReplaced();
        LOG.log(System.Logger.Level.INFO, "installed the snapshot at index {0}, revision {1}", snapshot.index(),
                store.currentRevision());
    }

    private void check(SnapshotMeta snapshot, StoreCheckpoint staged) {
        if (staged.consistentIndex() != snapshot.index()) {
            throw new IllegalArgumentException("the received state store is applied up to index "
                    + staged.consistentIndex() + ", not the snapshot's index " + snapshot.index());
        }
        Optional<Long> term = staged.meta(ApplyLoop.APPLIED_TERM_META).map(StoreSnapshotInstaller::toLong);
        if (term.isEmpty() || term.get() != snapshot.term()) {
            throw new IllegalArgumentException("the received state store was applied at term "
                    + term.map(String::valueOf).orElse("(none recorded)") + ", not the snapshot's term "
                    + snapshot.term());
        }
        ConfState conf = staged.meta(Membership.MEMBERS_META).map(Membership::confStateOf).orElse(ConfState.EMPTY);
        if (!conf.equals(snapshot.conf())) {
            throw new IllegalArgumentException("the received state store has the members " + conf
                    + ", not the snapshot's " + snapshot.conf());
        }
        if (snapshot.index() <= store.consistentIndex()) {
            throw new IllegalArgumentException("the snapshot at index " + snapshot.index()
                    + " is not ahead of the state applied up to index " + store.consistentIndex());
        }
    }

    /**
     * Finishes an installation that a crash cut between the store swap and the log reset, at start before the log
     * is replayed: a store whose applied entry (index and term) the log does not hold came from a snapshot, so the
     * log restarts after it. Reads the log's entries when the applied index is among them.
     *
     * @return whether the log was reset
     */
    static boolean completeInterruptedInstall(MvccStore store, RaftLogStorage log) {
        long applied = store.consistentIndex();
        Optional<Long> appliedTerm = store.readMeta(ApplyLoop.APPLIED_TERM_META).map(StoreSnapshotInstaller::toLong);
        if (applied == 0 || appliedTerm.isEmpty() || applied < log.firstIndex() - 1
                || logHolds(log, applied, appliedTerm.get())) {
            return false; // nothing installed, or an older store the usual checks deal with
        }
        LOG.log(System.Logger.Level.WARNING, "the state store holds a snapshot at index {0} (term {1}) the raft log "
                + "was not reset to; resetting it now", applied, appliedTerm.get());
        log.resetTo(applied, appliedTerm.get());
        return true;
    }

    private static boolean logHolds(RaftLogStorage log, long index, long term) {
        if (index == log.firstIndex() - 1) {
            return log.termBeforeFirstIndex() == term;
        }
        if (index > log.lastIndex()) {
            return false;
        }
        return log.entries().stream().filter(e -> e.index() == index).findFirst().map(Entry::term)
                .orElse(-1L) == term;
    }

    private static long toLong(byte[] stored) {
        return ByteBuffer.wrap(stored).getLong();
    }
}
