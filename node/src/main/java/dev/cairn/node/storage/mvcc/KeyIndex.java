package dev.cairn.node.storage.mvcc;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;

/**
 * The in-memory index from key to its {@link KeyHistory}, ordered by unsigned key bytes. Not thread-safe: the store
 * guards it with a read-write lock.
 */
final class KeyIndex {
    /** A key's value location at some revision. */
    record Entry(byte[] key, Revision revision) {}

    private final TreeMap<byte[], KeyHistory> histories = new TreeMap<>(KeyRange.ORDER);
    /** Keys holding a value at the newest revision (etcd's keysGauge): compacting never changes it. */
    private long liveKeys;

    void put(byte[] key, Revision revision) {
        KeyHistory history = histories.computeIfAbsent(key, k -> new KeyHistory());
        if (!history.isLive()) {
            liveKeys++;
        }
        history.put(revision);
    }

    void tombstone(byte[] key, Revision revision) {
        KeyHistory history = histories.get(key);
        if (history == null) {
            throw new IllegalStateException("tombstone for an unknown key at " + revision);
        }
        history.tombstone(revision);
        liveKeys--;
    }

    void restoreTombstone(byte[] key, Revision revision) {
        KeyHistory history = histories.computeIfAbsent(key, k -> new KeyHistory());
        boolean wasLive = history.isLive();
        history.restoreTombstone(revision);
        if (wasLive) {
            liveKeys--;
        }
    }

    long liveKeyCount() {
        return liveKeys;
    }

    /** The keys of the range that hold a value at main revision {@code atMain}, in key order. */
    List<Entry> range(KeyRange range, long atMain) {
        List<Entry> entries = new ArrayList<>();
        for (var history : range.select(histories).entrySet()) {
            history.getValue().find(atMain).ifPresent(rev -> entries.add(new Entry(history.getKey(), rev)));
        }
        return entries;
    }

    /** Compacts every key's history at {@code atMain}; returns the removed revisions. */
    List<KeyHistory.Removed> compact(long atMain) {
        List<KeyHistory.Removed> removed = new ArrayList<>();
        var iterator = histories.values().iterator();
        while (iterator.hasNext()) {
            KeyHistory history = iterator.next();
            removed.addAll(history.compact(atMain));
            if (history.isEmpty()) {
                iterator.remove();
            }
        }
        return removed;
    }

    /** The revisions at or below {@code atMain} still held (after a compaction there: those it kept). */
    Set<Revision> revisionsAtOrBefore(long atMain) {
        Set<Revision> revisions = new HashSet<>();
        for (KeyHistory history : histories.values()) {
            history.collectAtOrBefore(atMain, revisions);
        }
        return revisions;
    }

    int keyCount() {
        return histories.size();
    }

    KeyHistory history(byte[] key) {
        return histories.get(key);
    }
}
