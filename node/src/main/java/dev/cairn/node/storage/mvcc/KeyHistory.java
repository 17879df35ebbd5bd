package dev.cairn.node.storage.mvcc;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The revisions of one key, grouped in generations: a generation starts when the key is created and ends with the
 * tombstone that deletes it; a later put starts a new generation. Not thread-safe: {@link KeyIndex} guards it.
 */
final class KeyHistory {
    /** A revision removed from the history by compaction, with whether it was a tombstone. */
    record Removed(Revision revision, boolean tombstone) {}

    private static final class Generation {
        final List<Revision> revisions = new ArrayList<>();
        boolean deleted;

        Revision last() {
            return revisions.getLast();
        }
    }

    private final List<Generation> generations = new ArrayList<>();

    void put(Revision revision) {
        if (generations.isEmpty() || generations.getLast().deleted) {
            generations.add(new Generation());
        }
        generations.getLast().revisions.add(revision);
    }

    /** Ends the current generation. The key must be live. */
    void tombstone(Revision revision) {
        if (!isLive()) {
            throw new IllegalStateException("tombstone for a key that is not live at " + revision);
        }
        Generation current = generations.getLast();
        current.revisions.add(revision);
        current.deleted = true;
    }

    /**
     * Replays a tombstone found while rebuilding the index. A compaction interrupted by a crash may have deleted the
     * revisions before it, so a tombstone may open its own generation; the next compaction removes it.
     */
    void restoreTombstone(Revision revision) {
        if (!isLive()) {
            generations.add(new Generation());
        }
        tombstone(revision);
    }

    boolean isLive() {
        return !generations.isEmpty() && !generations.getLast().deleted;
    }

    int generationCount() {
        return generations.size();
    }

    /** The revision holding the key's value as of main revision {@code atMain}, empty when absent then. */
    Optional<Revision> find(long atMain) {
        for (int g = generations.size() - 1; g >= 0; g--) {
            Generation generation = generations.get(g);
            List<Revision> revisions = generation.revisions;
            if (revisions.getFirst().main() > atMain) {
                continue;
            }
            int i = revisions.size() - 1;
            while (revisions.get(i).main() > atMain) {
                i--;
            }
            boolean isTombstone = generation.deleted && i == revisions.size() - 1;
            return isTombstone ? Optional.empty() : Optional.of(revisions.get(i));
        }
        return Optional.empty();
    }

    /**
     * Drops every revision superseded at {@code atMain}: it keeps the latest revision at or before it unless that is a
     * tombstone, and everything after it. Returns the removed revisions, oldest first.
     */
    List<Removed> compact(long atMain) {
        List<Removed> removed = new ArrayList<>();
        while (!generations.isEmpty()) {
            Generation oldest = generations.getFirst();
            List<Revision> revisions = oldest.revisions;
            int kept = lastIndexAtOrBefore(revisions, atMain);
            if (kept < 0) {
                break;
            }
            boolean keptIsTombstone = oldest.deleted && kept == revisions.size() - 1;
            int removeCount = keptIsTombstone ? kept + 1 : kept;
            for (int i = 0; i < removeCount; i++) {
                boolean tombstone = oldest.deleted && i == revisions.size() - 1;
                removed.add(new Removed(revisions.get(i), tombstone));
            }
            revisions.subList(0, removeCount).clear();
            if (!revisions.isEmpty()) {
                break;
            }
            generations.removeFirst();
        }
        return removed;
    }

    void collectAtOrBefore(long atMain, Collection<Revision> into) {
        for (Generation generation : generations) {
            for (Revision revision : generation.revisions) {
                if (revision.main() > atMain) {
                    return;
                }
                into.add(revision);
            }
        }
    }

    boolean isEmpty() {
        return generations.isEmpty();
    }

    private static int lastIndexAtOrBefore(List<Revision> revisions, long atMain) {
        int i = revisions.size() - 1;
        while (i >= 0 && revisions.get(i).main() > atMain) {
            i--;
        }
        return i;
    }
}
