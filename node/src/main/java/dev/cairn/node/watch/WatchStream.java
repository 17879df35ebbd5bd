package dev.cairn.node.watch;

import com.google.protobuf.CodedOutputStream;
import dev.cairn.node.error.EtcdException;
import dev.cairn.node.proto.etcdserverpb.WatchResponse;
import dev.cairn.node.proto.mvccpb.Event;
import dev.cairn.node.proto.mvccpb.KeyValue;
import dev.cairn.node.storage.mvcc.KeyRange;
import dev.cairn.node.storage.mvcc.MvccReadView;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One client's Watch stream: its watchers and its outbox, drained in order by a sender thread that writes only
 * while the transport is ready. The outbox is bounded: event responses by {@link #MAX_PENDING_EVENT_RESPONSES}
 * (the hub turns a watcher that does not fit into an unsynced one, caught up from the store later), control
 * responses by reading the next client request only while fewer than {@link #MAX_PENDING_CONTROL} wait.
 */
public final class WatchStream {
    static final int MAX_PENDING_EVENT_RESPONSES = 64;
    static final int MAX_PENDING_CONTROL = 128;
    private static final byte[] NO_END = new byte[0];

    private record Outgoing(WatchResponse response, Watcher watcher) {
    }

    private final WatchHub hub;
    private final WatchSink sink;
    private final MvccReadView store;
    private final int maxRequestBytes;
    /** Guarded by the hub's lock. */
    final Map<Long, Watcher> watchers = new HashMap<>();
    /** Guarded by the hub's lock: the next server-assigned watch id candidate. */
    long nextId;

    private final ArrayDeque<Outgoing> outbox = new ArrayDeque<>();
    private int pendingEvents;
    private int pendingControl;
    private Runnable deferredRequest;
    private boolean closed;
    private boolean finishOnClose;

    WatchStream(WatchHub hub, WatchSink sink, MvccReadView store, int maxRequestBytes) {
        this.hub = hub;
        this.sink = sink;
        this.store = store;
        this.maxRequestBytes = maxRequestBytes;
    }

    void start() {
        Thread.ofVirtual().name("cairn-watch-send").start(this::sendLoop);
    }

    /** Queues an event response unless the outbox is full (then returns false and queues nothing). */
    synchronized boolean offerEvents(Watcher watcher, WatchResponse response) {
        if (closed) {
            return true; // nobody will read it
        }
        if (pendingEvents >= MAX_PENDING_EVENT_RESPONSES) {
            return false;
        }
        outbox.add(new Outgoing(response, watcher));
        pendingEvents++;
        notifyAll();
        return true;
    }

    synchronized boolean hasRoomForEvents() {
        return closed || pendingEvents < MAX_PENDING_EVENT_RESPONSES;
    }

    synchronized void offerControl(WatchResponse response) {
        if (closed) {
            return;
        }
        outbox.add(new Outgoing(response, null));
        pendingControl++;
        notifyAll();
    }

    /** Runs {@code requestNext} (ask the client for its next request) now, or once the control backlog drains. */
    public void afterRequest(Runnable requestNext) {
        synchronized (this) {
            if (pendingControl >= MAX_PENDING_CONTROL) {
                deferredRequest = requestNext;
                return;
            }
        }
        requestNext.run();
    }

    /** The transport may have become ready to take more. */
    public synchronized void readyChanged() {
        notifyAll();
    }

    /** Stops the sender; with {@code finish} the call is then ended normally, else it is already gone. */
    synchronized void close(boolean finish) {
        closed = true;
        finishOnClose = finish;
        notifyAll();
    }

    private void sendLoop() {
        try {
            while (true) {
                Outgoing next;
                synchronized (this) {
                    while (!closed && (outbox.isEmpty() || !sink.isReady())) {
                        wait();
                    }
                    if (closed) {
                        break;
                    }
                    next = outbox.poll();
                }
                send(next);
                released(next);
            }
            if (finishOnClose) {
                sink.finish();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException gone) {
            // The call was cancelled or failed under us: the gRPC layer reports that and closes the stream.
            synchronized (this) {
                closed = true;
            }
        }
    }

    private void released(Outgoing sent) {
        Runnable request = null;
        boolean eventRoomFreed = false;
        synchronized (this) {
            if (sent.watcher() == null) {
                pendingControl--;
                if (deferredRequest != null && pendingControl < MAX_PENDING_CONTROL) {
                    request = deferredRequest;
                    deferredRequest = null;
                }
            } else {
                eventRoomFreed = pendingEvents-- == MAX_PENDING_EVENT_RESPONSES;
            }
        }
        if (request != null) {
            request.run();
        }
        if (eventRoomFreed) {
            hub.roomFreed();
        }
    }

    private void send(Outgoing outgoing) {
        WatchResponse response = outgoing.response();
        Watcher watcher = outgoing.watcher();
        if (watcher == null) {
            sink.send(response);
            return;
        }
        if (watcher.prevKv) {
            response = withPrevKvs(response);
        }
        if (watcher.fragment) {
            sendFragments(response);
        } else {
            sink.send(response);
        }
    }

    /** Attaches to each event the key's value at the revision before it, when that is still readable. */
    private WatchResponse withPrevKvs(WatchResponse response) {
        WatchResponse.Builder builder = response.toBuilder();
        for (int i = 0; i < builder.getEventsCount(); i++) {
            Event event = builder.getEvents(i);
            long before = event.getKv().getModRevision() - 1;
            if (before < 1) {
                continue;
            }
            try {
                List<KeyValue> kvs = store.range(new KeyRange(event.getKv().getKey().toByteArray(), NO_END), before,
                        1, false).kvs();
                if (!kvs.isEmpty()) {
                    builder.setEvents(i, event.toBuilder().setPrevKv(kvs.getFirst()));
                }
            } catch (EtcdException compacted) {
                // etcd omits prev_kv once the revision before the event is compacted
            }
        }
        return builder.build();
    }

    /**
     * etcd's sendFragments: a response at or above max-request-bytes with two or more events goes out in chunks of
     * about that size, every chunk but the last marked {@code fragment}.
     */
    private void sendFragments(WatchResponse response) {
        if (response.getSerializedSize() < maxRequestBytes || response.getEventsCount() < 2) {
            sink.send(response);
            return;
        }
        List<Event> events = response.getEventsList();
        // The fragment flag (2 bytes) counts as set, as in etcd, whose chunks carry it while they are measured.
        int emptySize = response.toBuilder().clearEvents().setFragment(true).build().getSerializedSize();
        int index = 0;
        while (index < events.size()) {
            WatchResponse.Builder chunk = response.toBuilder().clearEvents();
            int size = emptySize;
            while (index < events.size()) {
                Event event = events.get(index);
                size += CodedOutputStream.computeMessageSize(WatchResponse.EVENTS_FIELD_NUMBER, event);
                if (chunk.getEventsCount() > 0 && size >= maxRequestBytes) {
                    break;
                }
                chunk.addEvents(event);
                index++;
            }
            sink.send(chunk.setFragment(index < events.size()).build());
        }
    }
}
