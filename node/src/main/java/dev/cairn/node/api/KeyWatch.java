package dev.cairn.node.api;

import com.google.protobuf.ByteString;
import dev.cairn.node.error.EtcdError;
import dev.cairn.node.proto.etcdserverpb.WatchCreateRequest;
import dev.cairn.node.proto.etcdserverpb.WatchResponse;
import dev.cairn.node.watch.WatchHub;
import dev.cairn.node.watch.WatchSink;
import dev.cairn.node.watch.WatchStream;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * One watcher of the node's own watch hub, read by a blocking caller (the Lock and Election services). Its inbox
 * is bounded: while it is full the stream stops sending, and the hub catches the watcher up from the store later.
 */
final class KeyWatch implements WatchSink, AutoCloseable {
    private static final int INBOX_CAPACITY = 16;

    private final BlockingQueue<WatchResponse> inbox = new ArrayBlockingQueue<>(INBOX_CAPACITY);
    private final WatchHub hub;
    private final WatchStream stream;

    private KeyWatch(WatchHub hub, int maxRequestBytes) {
        this.hub = hub;
        this.stream = hub.open(this, maxRequestBytes);
    }

    /** Watches [key, rangeEnd) (only key when rangeEnd is empty) from {@code startRevision}. */
    static KeyWatch open(WatchHub hub, ByteString key, ByteString rangeEnd, long startRevision) {
        KeyWatch watch = new KeyWatch(hub, Integer.MAX_VALUE);
        hub.create(watch.stream, WatchCreateRequest.newBuilder().setKey(key).setRangeEnd(rangeEnd)
                .setStartRevision(startRevision).build());
        return watch;
    }

    /** The next response carrying events; fails COMPACTED when the hub cancels the watcher. */
    WatchResponse next() throws InterruptedException {
        while (true) {
            WatchResponse response = inbox.take();
            stream.readyChanged();
            if (response.getCanceled()) {
                throw EtcdError.COMPACTED.exception();
            }
            if (response.getEventsCount() > 0) {
                return response;
            }
        }
    }

    @Override
    public boolean isReady() {
        return inbox.remainingCapacity() > 0;
    }

    /** Called only by the stream's single sender, and only while {@link #isReady()}: the offer always fits. */
    @Override
    public void send(WatchResponse response) {
        if (!response.getCreated()) {
            inbox.offer(response);
        }
    }

    @Override
    public void finish() {
    }

    @Override
    public void close() {
        hub.close(stream, false);
    }
}
