package dev.cairn.node.cli.bench;

import com.google.protobuf.ByteString;
import dev.cairn.node.proto.etcdserverpb.WatchCreateRequest;
import dev.cairn.node.proto.etcdserverpb.WatchGrpc;
import dev.cairn.node.proto.etcdserverpb.WatchRequest;
import dev.cairn.node.proto.etcdserverpb.WatchResponse;
import dev.cairn.node.proto.mvccpb.Event;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One Watch stream of the watch load: creates its watchers one request each, matches the created responses to
 * them in order (etcd answers creates in the order sent), and hands every event to the ledger. Anything else the
 * server says (a refused create, a cancel, the stream failing or ending) is counted as an error.
 */
final class BenchWatchStream implements ClientResponseObserver<WatchRequest, WatchResponse> {
    private final WatchLedger ledger;
    private final ErrorTally errors;
    private final CountDownLatch answered;
    /** Watchers whose create was sent and not yet answered; guarded by this. */
    private final ArrayDeque<WatchLedger.Cursor> awaitingCreated = new ArrayDeque<>();
    /** Only touched by gRPC's callbacks, which run one at a time. */
    private final Map<Long, WatchLedger.Cursor> byWatchId = new HashMap<>();
    private ClientCallStreamObserver<WatchRequest> requests;
    private volatile boolean closing;
    private final AtomicInteger created = new AtomicInteger();

    /** {@code answered} is counted down once per create answered, whether accepted or refused. */
    BenchWatchStream(WatchLedger ledger, ErrorTally errors, CountDownLatch answered) {
        this.ledger = ledger;
        this.errors = errors;
        this.answered = answered;
    }

    static BenchWatchStream open(WatchGrpc.WatchStub stub, WatchLedger ledger, ErrorTally errors,
            CountDownLatch answered) {
        BenchWatchStream stream = new BenchWatchStream(ledger, errors, answered);
        stub.watch(stream);
        return stream;
    }

    @Override
    public void beforeStart(ClientCallStreamObserver<WatchRequest> requestStream) {
        this.requests = requestStream;
    }

    /** Asks for a watcher of {@code [prefix, prefix end)} from the next revision on. */
    synchronized void create(WatchLedger.Cursor cursor, String prefix) {
        awaitingCreated.add(cursor);
        requests.onNext(WatchRequest.newBuilder().setCreateRequest(WatchCreateRequest.newBuilder()
                .setKey(ByteString.copyFromUtf8(prefix))
                .setRangeEnd(prefixEnd(prefix))).build());
    }

    /** Watchers the server accepted so far. */
    int created() {
        return created.get();
    }

    static ByteString prefixEnd(String prefix) {
        byte[] end = prefix.getBytes(StandardCharsets.UTF_8);
        end[end.length - 1]++; // prefixes end in '/', so no overflow
        return ByteString.copyFrom(end);
    }

    @Override
    public void onNext(WatchResponse response) {
        if (response.getCreated()) {
            WatchLedger.Cursor cursor;
            synchronized (this) {
                cursor = awaitingCreated.poll();
            }
            if (cursor == null) {
                errors.add("watch: created response for no pending create", 1);
            } else if (response.getCanceled()) {
                errors.add("watch: create refused: " + response.getCancelReason(), 1);
            } else {
                byWatchId.put(response.getWatchId(), cursor);
                created.incrementAndGet();
            }
            answered.countDown();
            return;
        }
        if (response.getCanceled()) {
            byWatchId.remove(response.getWatchId());
            errors.add("watch: canceled by the server: " + response.getCancelReason()
                    + (response.getCompactRevision() != 0 ? " (compacted at " + response.getCompactRevision() + ")"
                    : ""), 1);
            return;
        }
        WatchLedger.Cursor cursor = byWatchId.get(response.getWatchId());
        if (cursor == null) {
            errors.add("watch: events for an unknown watch id", response.getEventsCount());
            return;
        }
        long now = System.nanoTime();
        for (Event event : response.getEventsList()) {
            ledger.received(cursor, event, now);
        }
    }

    @Override
    public void onError(Throwable failure) {
        if (!closing) {
            errors.record(failure);
        }
        abandonPendingCreates();
    }

    @Override
    public void onCompleted() {
        if (!closing) {
            errors.add("watch: stream ended by the server", 1);
        }
        abandonPendingCreates();
    }

    /** The stream is gone: creates still unanswered never will be, so nobody should wait for them. */
    private synchronized void abandonPendingCreates() {
        while (awaitingCreated.poll() != null) {
            answered.countDown();
        }
    }

    /** Ends the stream from our side; what the server says afterwards is not an error. */
    void close() {
        closing = true;
        requests.cancel("benchmark finished", null);
    }
}
