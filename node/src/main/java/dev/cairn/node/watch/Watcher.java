package dev.cairn.node.watch;

import dev.cairn.node.proto.mvccpb.Event;
import dev.cairn.node.storage.mvcc.KeyRange;

import java.util.ArrayList;
import java.util.List;

/**
 * One watcher of a stream: its key range, filters and the next revision it is owed. Mutable state is guarded by
 * the hub's lock.
 */
final class Watcher {
    final long id;
    final WatchStream stream;
    final boolean prevKv;
    final boolean fragment;
    final boolean progressNotify;
    private final KeyRange range;
    private final boolean noPut;
    private final boolean noDelete;
    /** Every event below this revision has been handed to the stream (or filtered out). */
    long nextRevision;
    boolean synced;
    boolean active = true;
    /** Whether events were handed to the stream since the last periodic progress notification. */
    boolean sentSinceTick;

    Watcher(long id, WatchStream stream, KeyRange range, long startRevision, boolean noPut, boolean noDelete,
            boolean prevKv, boolean fragment, boolean progressNotify) {
        this.id = id;
        this.stream = stream;
        this.range = range;
        this.nextRevision = startRevision;
        this.noPut = noPut;
        this.noDelete = noDelete;
        this.prevKv = prevKv;
        this.fragment = fragment;
        this.progressNotify = progressNotify;
    }

    /** The events this watcher is owed among {@code events}, in their order. */
    List<Event> select(List<Event> events) {
        List<Event> mine = new ArrayList<>();
        for (Event event : events) {
            if (event.getKv().getModRevision() >= nextRevision && wants(event)) {
                mine.add(event);
            }
        }
        return mine;
    }

    private boolean wants(Event event) {
        boolean put = event.getType() == Event.EventType.PUT;
        if (put ? noPut : noDelete) {
            return false;
        }
        byte[] key = event.getKv().getKey().toByteArray();
        if (range.isSingleKey()) {
            return KeyRange.ORDER.compare(key, range.start()) == 0;
        }
        if (KeyRange.ORDER.compare(key, range.start()) < 0) {
            return false;
        }
        return range.isOpenEnded() || KeyRange.ORDER.compare(key, range.end()) < 0;
    }
}
