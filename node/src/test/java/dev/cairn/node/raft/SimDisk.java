package dev.cairn.node.raft;

import java.util.ArrayList;
import java.util.List;

/**
 * The durable part of a simulated member: its log after the last compaction point and its hard state. Entries
 * always come with an fsync (Ready.mustSync); a hard state written without one is lost in a crash unless a later
 * fsync made it durable, as on a real disk.
 */
final class SimDisk {
    private final ArrayList<Entry> entries = new ArrayList<>();
    private long snapshotIndex;
    private HardState durableHardState = HardState.EMPTY;
    /** Written but not yet fsynced: the next fsync makes it durable, a crash loses it. */
    private HardState unsyncedHardState;

    long snapshotIndex() {
        return snapshotIndex;
    }

    long lastIndex() {
        return snapshotIndex + entries.size();
    }

    HardState hardState() {
        return durableHardState;
    }

    Entry entry(long index) {
        return entries.get((int) (index - snapshotIndex - 1));
    }

    List<Entry> entriesAfter(long index) {
        List<Entry> result = new ArrayList<>();
        for (Entry entry : entries) {
            if (entry.index() > index) {
                result.add(entry);
            }
        }
        return result;
    }

    void writeHardState(HardState state) {
        unsyncedHardState = state;
    }

    void sync() {
        if (unsyncedHardState != null) {
            durableHardState = unsyncedHardState;
            unsyncedHardState = null;
        }
    }

    /** Writes entries, replacing any at or after the first one's index (a conflicting suffix). */
    void writeEntries(List<Entry> written) {
        if (written.isEmpty()) {
            return;
        }
        long first = written.getFirst().index();
        if (first <= snapshotIndex || first > lastIndex() + 1) {
            throw new IllegalStateException("entries from " + first + " do not fit a log holding " + snapshotIndex
                    + ".." + lastIndex());
        }
        entries.subList((int) (first - snapshotIndex - 1), entries.size()).clear();
        entries.addAll(written);
    }

    /** The log restarts after a snapshot installed from the leader. */
    void resetTo(long index) {
        entries.clear();
        snapshotIndex = index;
    }

    void compact(long index) {
        if (index <= snapshotIndex) {
            return;
        }
        entries.subList(0, (int) (index - snapshotIndex)).clear();
        snapshotIndex = index;
    }

    /** A crash: what was written without fsync is gone. */
    void crash() {
        unsyncedHardState = null;
    }

    /** The simulated bug: everything not yet applied was acknowledged but never reached the disk. */
    void loseEntriesAfter(long index) {
        if (index < lastIndex()) {
            entries.subList((int) (index - snapshotIndex), entries.size()).clear();
        }
        durableHardState = new HardState(durableHardState.term(), durableHardState.vote(),
                Math.min(durableHardState.commit(), index));
    }
}
