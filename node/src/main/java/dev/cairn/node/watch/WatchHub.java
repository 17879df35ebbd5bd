package dev.cairn.node.watch;

import dev.cairn.node.error.EtcdError;
import dev.cairn.node.error.EtcdException;
import dev.cairn.node.proto.etcdserverpb.ResponseHeader;
import dev.cairn.node.proto.etcdserverpb.WatchCreateRequest;
import dev.cairn.node.proto.etcdserverpb.WatchResponse;
import dev.cairn.node.proto.mvccpb.Event;
import dev.cairn.node.storage.mvcc.KeyRange;
import dev.cairn.node.storage.mvcc.MvccStore;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.LongFunction;

/**
 * Delivers committed changes to watchers, as etcd's watchable store. Synced watchers get each committed batch's
 * events from the apply thread (queued on their stream, never waited for); a watcher whose start revision is in the
 * past, or whose stream's outbox is full, is unsynced: the catch-up thread reads its missing revisions from the
 * store's history, then moves it back among the synced ones. Every change of watcher state happens under one lock,
 * so a watcher gets each revision exactly once and in order.
 */
public final class WatchHub implements AutoCloseable {
    static final String EMPTY_RANGE = "mvcc: watcher range is empty";
    static final String DUPLICATE_ID = "mvcc: duplicate watch ID provided on the WatchStream";
    /** Events read from the history per catch-up step. */
    static final int CATCH_UP_EVENTS = 1000;

    private final MvccStore store;
    private final LongFunction<ResponseHeader> header;
    private final Duration progressNotifyInterval;
    private final Object lock = new Object();
    private final Set<WatchStream> streams = new LinkedHashSet<>();
    private final Set<Watcher> synced = new LinkedHashSet<>();
    private final Set<Watcher> unsynced = new LinkedHashSet<>();
    private final Thread catchUp;
    /** The newest revision whose events were handed to the hub. */
    private long revision;
    private boolean closed;

    /** @param progressNotifyInterval how often {@link #notifyProgress} is to be called (etcd's 10 min by default) */
    public WatchHub(MvccStore store, LongFunction<ResponseHeader> header, Duration progressNotifyInterval) {
        this.store = store;
        this.header = header;
        this.progressNotifyInterval = progressNotifyInterval;
        this.revision = store.currentRevision();
        this.catchUp = Thread.ofPlatform().name("cairn-watch-catch-up").daemon().unstarted(this::catchUpLoop);
    }

    public void start() {
        catchUp.start();
    }

    /** Watchers open on every stream, synced or catching up (etcd_debugging_mvcc_watcher_total). */
    public int watcherCount() {
        synchronized (lock) {
            return synced.size() + unsynced.size();
        }
    }

    public Duration progressNotifyInterval() {
        return progressNotifyInterval;
    }

    /** Opens a stream whose responses go to {@code sink}. */
    public WatchStream open(WatchSink sink, int maxRequestBytes) {
        WatchStream stream = new WatchStream(this, sink, store, maxRequestBytes);
        synchronized (lock) {
            streams.add(stream);
        }
        stream.start();
        return stream;
    }

    /**
     * Called by the apply thread once a batch is committed, with its events in revision order. Never blocks on a
     * stream: a watcher whose stream cannot take its events becomes unsynced.
     */
    public void publish(List<Event> events) {
        if (events.isEmpty()) {
            return;
        }
        long newest = events.getLast().getKv().getModRevision();
        synchronized (lock) {
            revision = newest;
            for (Iterator<Watcher> it = synced.iterator(); it.hasNext(); ) {
                Watcher watcher = it.next();
                List<Event> mine = watcher.select(events);
                if (mine.isEmpty()) {
                    continue;
                }
                if (watcher.stream.offerEvents(watcher, eventResponse(watcher, newest, mine))) {
                    watcher.nextRevision = newest + 1;
                } else {
                    it.remove();
                    watcher.synced = false;
                    unsynced.add(watcher);
                    lock.notifyAll();
                }
            }
        }
    }

    /**
     * Called (instead of {@link #publish}) once the store's content was replaced by a snapshot, which may be far
     * ahead: every watcher becomes unsynced and catches up from the new store's history; one whose next revision was
     * compacted away there is cancelled with the compact revision, one already past the new revision waits.
     */
    public void storeReplaced() {
        synchronized (lock) {
            revision = store.currentRevision();
            for (Watcher watcher : synced) {
                watcher.synced = false;
                unsynced.add(watcher);
            }
            synced.clear();
            lock.notifyAll();
        }
    }

    /** etcd's watchStream.Watch plus the created response, queued before any event of the new watcher. */
    public void create(WatchStream stream, WatchCreateRequest request) {
        byte[] key = request.getKey().isEmpty() ? new byte[]{0} : request.getKey().toByteArray();
        KeyRange range = new KeyRange(key, request.getRangeEnd().toByteArray());
        synchronized (lock) {
            WatchResponse.Builder created = WatchResponse.newBuilder().setHeader(header.apply(revision)).setCreated(true);
            long id = request.getWatchId();
            String refusal = null;
            if (range.isEmpty()) {
                refusal = EMPTY_RANGE;
            } else if (request.getStartRevision() < 0) {
                refusal = EtcdError.COMPACTED.message();
            } else if (id != 0 && stream.watchers.containsKey(id)) {
                refusal = DUPLICATE_ID;
            }
            if (refusal != null) {
                stream.offerControl(created.setWatchId(-1).setCanceled(true).setCancelReason(refusal).build());
                return;
            }
            if (id == 0) {
                while (stream.watchers.containsKey(stream.nextId)) {
                    stream.nextId++;
                }
                id = stream.nextId++;
            }
            long start = request.getStartRevision() == 0 ? revision + 1 : request.getStartRevision();
            List<WatchCreateRequest.FilterType> filters = request.getFiltersList();
            Watcher watcher = new Watcher(id, stream, range, start, filters.contains(WatchCreateRequest.FilterType.NOPUT),
                    filters.contains(WatchCreateRequest.FilterType.NODELETE), request.getPrevKv(), request.getFragment(),
                    request.getProgressNotify());
            stream.watchers.put(id, watcher);
            stream.offerControl(created.setWatchId(id).build());
            if (start > revision) {
                watcher.synced = true;
                synced.add(watcher);
            } else {
                unsynced.add(watcher);
                lock.notifyAll();
            }
        }
    }

    /** Cancels a watcher of the stream; an unknown id is ignored, as in etcd. */
    public void cancel(WatchStream stream, long watchId) {
        synchronized (lock) {
            Watcher watcher = stream.watchers.get(watchId);
            if (watcher == null) {
                return;
            }
            remove(watcher);
            stream.offerControl(WatchResponse.newBuilder().setHeader(header.apply(revision)).setWatchId(watchId)
                    .setCanceled(true).build());
        }
    }

    /** Answers a progress request, only when every watcher of the stream is synced (etcd's progressAll). */
    public void requestProgress(WatchStream stream) {
        synchronized (lock) {
            if (stream.watchers.values().stream().allMatch(watcher -> watcher.synced)) {
                stream.offerControl(progress(-1));
            }
        }
    }

    /**
     * The periodic progress notification: each synced watcher that asked for them and got no events since the
     * previous call gets an empty response carrying the current revision.
     */
    public void notifyProgress() {
        synchronized (lock) {
            for (WatchStream stream : streams) {
                for (Watcher watcher : stream.watchers.values()) {
                    if (watcher.progressNotify && watcher.synced && !watcher.sentSinceTick) {
                        stream.offerControl(progress(watcher.id));
                    }
                    watcher.sentSinceTick = false;
                }
            }
        }
    }

    /** Drops the stream's watchers and stops its sender; {@code finish} ends the call normally. */
    public void close(WatchStream stream, boolean finish) {
        synchronized (lock) {
            if (streams.remove(stream)) {
                List.copyOf(stream.watchers.values()).forEach(this::remove);
            }
        }
        stream.close(finish);
    }

    /** A full stream's outbox has room again: its unsynced watchers can be caught up. */
    void roomFreed() {
        synchronized (lock) {
            lock.notifyAll();
        }
    }

    private WatchResponse progress(long watchId) {
        return WatchResponse.newBuilder().setHeader(header.apply(revision)).setWatchId(watchId).build();
    }

    private WatchResponse eventResponse(Watcher watcher, long headerRevision, List<Event> events) {
        watcher.sentSinceTick = true;
        return WatchResponse.newBuilder().setHeader(header.apply(headerRevision)).setWatchId(watcher.id)
                .addAllEvents(events).build();
    }

    private void remove(Watcher watcher) {
        watcher.active = false;
        watcher.stream.watchers.remove(watcher.id);
        synced.remove(watcher);
        unsynced.remove(watcher);
    }

    private void catchUpLoop() {
        try {
            while (true) {
                Watcher watcher = null;
                long from;
                long upTo;
                synchronized (lock) {
                    while (!closed && (watcher = nextCatchUp()) == null) {
                        lock.wait();
                    }
                    if (closed) {
                        return;
                    }
                    from = watcher.nextRevision;
                    upTo = revision;
                }
                catchUp(watcher, from, upTo);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The first unsynced watcher whose stream has room, moved to the back for fairness; null if none. */
    private Watcher nextCatchUp() {
        for (Watcher watcher : unsynced) {
            if (watcher.stream.hasRoomForEvents()) {
                unsynced.remove(watcher);
                unsynced.add(watcher);
                return watcher;
            }
        }
        return null;
    }

    /** One catch-up step: reads [from, upTo] (or a part of it) from the history outside the lock. */
    private void catchUp(Watcher watcher, long from, long upTo) {
        List<Event> events;
        long covered;
        try {
            events = store.history(from, upTo, CATCH_UP_EVENTS);
            covered = upTo;
            if (events.size() == CATCH_UP_EVENTS) {
                long last = events.getLast().getKv().getModRevision();
                if (events.getFirst().getKv().getModRevision() == last) {
                    events = store.history(last, last, Integer.MAX_VALUE); // one revision larger than a step
                    covered = last;
                } else {
                    events = withoutRevision(events, last); // the last revision may be partial
                    covered = last - 1;
                }
            }
        } catch (EtcdException e) {
            if (e.error() != EtcdError.COMPACTED) {
                throw e;
            }
            synchronized (lock) {
                if (watcher.active) {
                    remove(watcher);
                    watcher.stream.offerControl(WatchResponse.newBuilder().setHeader(header.apply(revision))
                            .setWatchId(watcher.id).setCanceled(true).setCompactRevision(store.compactRevision()).build());
                }
            }
            return;
        }
        synchronized (lock) {
            if (!watcher.active) {
                return;
            }
            List<Event> mine = watcher.select(events);
            if (!mine.isEmpty() && !watcher.stream.offerEvents(watcher, eventResponse(watcher, upTo, mine))) {
                return; // the stream filled up meanwhile: retried once it has room
            }
            watcher.nextRevision = Math.max(watcher.nextRevision, covered + 1);
            if (watcher.nextRevision > revision) {
                unsynced.remove(watcher);
                watcher.synced = true;
                synced.add(watcher);
            }
        }
    }

    private static List<Event> withoutRevision(List<Event> events, long revision) {
        List<Event> kept = new ArrayList<>(events.size());
        for (Event event : events) {
            if (event.getKv().getModRevision() != revision) {
                kept.add(event);
            }
        }
        return kept;
    }

    @Override
    public void close() {
        List<WatchStream> open;
        synchronized (lock) {
            closed = true;
            lock.notifyAll();
            open = List.copyOf(streams);
        }
        open.forEach(stream -> close(stream, false));
        try {
            if (catchUp.isAlive()) {
                catchUp.join();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
