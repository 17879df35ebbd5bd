package dev.cairn.node.raft;

import java.util.ArrayList;
import java.util.List;

/**
 * The in-memory view of the log: entries after the compaction point, how far they are durable, committed,
 * and handed to the state machine. Invariant: compactedIndex <= applied <= committed, applied <= stableIndex,
 * and stableIndex, committed <= lastIndex.
 */
final class RaftLog {
    private final ArrayList<Entry> entries = new ArrayList<>();
    private long compactedIndex;
    private long compactedTerm;
    private long stableIndex;
    private long committed;
    private long applied;

    /** Restores a log whose entries before {@code snapshotIndex + 1} were compacted away; all entries are durable. */
    RaftLog(long snapshotIndex, long snapshotTerm, List<Entry> restored, long commit) {
        this.compactedIndex = snapshotIndex;
        this.compactedTerm = snapshotTerm;
        for (Entry entry : restored) {
            if (entry.index() <= snapshotIndex) {
                continue; // already covered by the snapshot
            }
            if (entry.index() != lastIndex() + 1) {
                throw new IllegalArgumentException("restored entries are not contiguous: expected index "
                        + (lastIndex() + 1) + " but got " + entry.index());
            }
            if (entry.term() < lastTerm()) {
                throw new IllegalArgumentException("restored entry " + entry.index() + " has term " + entry.term()
                        + " below the previous entry's term " + lastTerm());
            }
            entries.add(entry);
        }
        if (commit > lastIndex()) {
            throw new IllegalArgumentException("hard state commit " + commit + " is beyond the last index "
                    + lastIndex());
        }
        this.stableIndex = lastIndex();
        this.committed = Math.max(commit, snapshotIndex);
        this.applied = snapshotIndex;
    }

    long lastIndex() {
        return compactedIndex + entries.size();
    }

    long lastTerm() {
        return term(lastIndex());
    }

    long committed() {
        return committed;
    }

    long applied() {
        return applied;
    }

    long stableIndex() {
        return stableIndex;
    }

    /** Term of the entry at {@code index}; the compaction point's term is remembered, older ones are gone. */
    long term(long index) {
        if (index == compactedIndex) {
            return compactedTerm;
        }
        if (index < compactedIndex || index > lastIndex()) {
            throw new IllegalArgumentException("no term for index " + index + ": log holds " + compactedIndex
                    + ".." + lastIndex());
        }
        return entry(index).term();
    }

    private Entry entry(long index) {
        return entries.get((int) (index - compactedIndex - 1));
    }

    Entry append(long term, EntryType type, byte[] data) {
        Entry entry = new Entry(term, lastIndex() + 1, type, data);
        entries.add(entry);
        return entry;
    }

    long compactedIndex() {
        return compactedIndex;
    }

    /** True when the log holds an entry (or the compaction point) at {@code index} with {@code term}. */
    boolean matchTerm(long index, long term) {
        return index >= compactedIndex && index <= lastIndex() && term(index) == term;
    }

    /** Raft's election restriction: a log ending at (lastIndex, lastTerm) is at least as complete as ours. */
    boolean isUpToDate(long otherLastIndex, long otherLastTerm) {
        return otherLastTerm > lastTerm() || (otherLastTerm == lastTerm() && otherLastIndex >= lastIndex());
    }

    /** Entries from {@code from} on: at least one when there is one, then up to {@code maxBytes} of payload. */
    List<Entry> entriesFrom(long from, long maxBytes) {
        if (from <= compactedIndex) {
            throw new IllegalArgumentException("entries from " + from + " are compacted (log starts after "
                    + compactedIndex + ")");
        }
        List<Entry> result = new ArrayList<>();
        long bytes = 0;
        for (long index = from; index <= lastIndex(); index++) {
            Entry entry = entry(index);
            bytes += entry.payloadSize();
            if (!result.isEmpty() && bytes > maxBytes) {
                break;
            }
            result.add(entry);
        }
        return result;
    }

    /**
     * A follower's append: when our entry at {@code prevIndex} has {@code prevTerm}, the new entries replace any
     * conflicting suffix, the commit index follows the leader's (up to the last new entry), and the index of the
     * last new entry is returned; otherwise -1 and nothing changes. Replacing a committed entry would lose it:
     * that is a safety violation and throws.
     */
    long maybeAppend(long prevIndex, long prevTerm, long leaderCommit, List<Entry> newEntries) {
        for (int i = 0; i < newEntries.size(); i++) {
            if (newEntries.get(i).index() != prevIndex + 1 + i) {
                throw new IllegalArgumentException("appended entries do not follow index " + prevIndex
                        + " contiguously: " + newEntries.get(i));
            }
        }
        if (!matchTerm(prevIndex, prevTerm)) {
            return -1;
        }
        long lastNew = prevIndex + newEntries.size();
        for (Entry entry : newEntries) {
            if (entry.index() <= compactedIndex || matchTerm(entry.index(), entry.term())) {
                continue;
            }
            if (entry.index() <= committed) {
                throw new IllegalStateException("entry " + entry.index() + " of term " + entry.term()
                        + " conflicts with committed entry of term " + term(entry.index()) + " (commit "
                        + committed + ")");
            }
            truncateAfter(entry.index() - 1);
            entries.addAll(newEntries.subList((int) (entry.index() - prevIndex - 1), newEntries.size()));
            break;
        }
        commitTo(Math.min(leaderCommit, lastNew));
        return lastNew;
    }

    private void truncateAfter(long index) {
        if (index < lastIndex()) {
            entries.subList((int) (index - compactedIndex), entries.size()).clear();
            stableIndex = Math.min(stableIndex, index);
        }
    }

    /**
     * The largest index at or below {@code index} whose term is at most {@code term}, or the compaction point:
     * where a leader whose entry at some index has {@code term} may agree with this log.
     */
    long findConflictByTerm(long index, long term) {
        long candidate = Math.min(index, lastIndex());
        while (candidate > compactedIndex && term(candidate) > term) {
            candidate--;
        }
        return candidate;
    }

    /** Replaces the whole log by a snapshot's end point: everything up to it is committed and applied. */
    void restore(SnapshotMeta snapshot) {
        entries.clear();
        compactedIndex = snapshot.index();
        compactedTerm = snapshot.term();
        stableIndex = snapshot.index();
        committed = snapshot.index();
        applied = snapshot.index();
    }

    /** Entries not yet reported durable, in index order. */
    List<Entry> unstableEntries() {
        return slice(stableIndex + 1, lastIndex() + 1);
    }

    boolean hasUnstableEntries() {
        return stableIndex < lastIndex();
    }

    /**
     * Marks entries up to {@code index} durable, unless the entry there has since been replaced by one of
     * another term (then the caller persisted an outdated entry and the newer one is still pending).
     */
    void stableTo(long index, long term) {
        if (index > stableIndex && index <= lastIndex() && term(index) == term) {
            stableIndex = index;
        }
    }

    /** Committed, durable entries not yet handed to apply: at least one, then up to {@code maxBytes} of payload. */
    List<Entry> entriesToApply(long maxBytes) {
        long upTo = Math.min(committed, stableIndex);
        List<Entry> result = new ArrayList<>();
        long bytes = 0;
        for (long index = applied + 1; index <= upTo; index++) {
            Entry entry = entry(index);
            bytes += entry.payloadSize();
            if (!result.isEmpty() && bytes > maxBytes) {
                break;
            }
            result.add(entry);
        }
        return result;
    }

    boolean hasEntriesToApply() {
        return Math.min(committed, stableIndex) > applied;
    }

    void appliedTo(long index) {
        if (index < applied || index > Math.min(committed, stableIndex)) {
            throw new IllegalStateException("cannot mark " + index + " applied: applied " + applied
                    + ", committed " + committed + ", stable " + stableIndex);
        }
        applied = index;
    }

    void commitTo(long index) {
        if (index > lastIndex()) {
            throw new IllegalStateException("commit " + index + " beyond last index " + lastIndex());
        }
        committed = Math.max(committed, index);
    }

    /** Payload bytes of the entries in (from, to]. */
    long payloadBytes(long from, long to) {
        long bytes = 0;
        for (long index = Math.max(from, compactedIndex) + 1; index <= to; index++) {
            bytes += entry(index).payloadSize();
        }
        return bytes;
    }

    /** Drops entries up to {@code index}, which must already be handed to apply. */
    void compact(long index) {
        if (index <= compactedIndex) {
            return;
        }
        if (index > applied) {
            throw new IllegalArgumentException("cannot compact to " + index + " beyond applied index " + applied);
        }
        long term = term(index);
        entries.subList(0, (int) (index - compactedIndex)).clear();
        compactedIndex = index;
        compactedTerm = term;
    }

    private List<Entry> slice(long fromInclusive, long toExclusive) {
        if (fromInclusive >= toExclusive) {
            return List.of();
        }
        int from = (int) (fromInclusive - compactedIndex - 1);
        int to = (int) (toExclusive - compactedIndex - 1);
        return new ArrayList<>(entries.subList(from, to));
    }
}
