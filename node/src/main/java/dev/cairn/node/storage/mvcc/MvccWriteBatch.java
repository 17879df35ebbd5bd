package dev.cairn.node.storage.mvcc;

import com.google.protobuf.ByteString;
import dev.cairn.node.error.EtcdError;
import dev.cairn.node.proto.mvccpb.Event;
import dev.cairn.node.proto.mvccpb.KeyValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;

/**
 * The apply thread's writes for one group of committed Raft entries. Changes stay in an in-memory overlay (visible
 * to reads through this batch) until {@link #commit(long)} writes them to RocksDB in one atomic write together with
 * the consistent index, and only then become visible to other readers.
 *
 * <p>Each write request runs between {@link #beginRequest()} and {@link #endRequest()}: all its changes share one
 * main revision, numbered by sub revision; {@link #abortRequest()} undoes a request that failed part way.
 */
public final class MvccWriteBatch implements AutoCloseable, MvccReadView {
    record Change(byte[] key, Revision revision, boolean tombstone, KeyValue kv) {}

    record ScheduledCompaction(long revision, CompletableFuture<Void> physicalDone) {}

    private final MvccStore store;
    private final long storeGeneration;
    private final WriteBatch metaWrites = new WriteBatch();
    private final List<Change> changes = new ArrayList<>();
    private final TreeMap<byte[], List<Change>> overlay = new TreeMap<>(KeyRange.ORDER);
    private final List<CompletableFuture<Void>> compactionWaiters = new ArrayList<>();
    private long finishedRevision;
    private long compactRevision;
    private int requestStart = -1;
    private long nextSub;
    private boolean done;

    MvccWriteBatch(MvccStore store, long storeGeneration) {
        this.store = store;
        this.storeGeneration = storeGeneration;
        this.finishedRevision = store.currentRevision();
        this.compactRevision = store.compactRevision();
    }

    /** The newest revision visible through this batch, including the open request's changes. */
    @Override
    public long revision() {
        return nextSub > 0 ? finishedRevision + 1 : finishedRevision;
    }

    public long compactRevision() {
        return compactRevision;
    }

    public void beginRequest() {
        checkOpen();
        if (requestStart >= 0) {
            throw new IllegalStateException("a request is already open");
        }
        requestStart = changes.size();
        nextSub = 0;
    }

    /** Closes the open request; returns the store revision after it (bumped only if it changed anything). */
    public long endRequest() {
        checkInRequest();
        if (nextSub > 0) {
            finishedRevision++;
        }
        requestStart = -1;
        nextSub = 0;
        return finishedRevision;
    }

    /** Undoes every change of the open request and closes it. */
    public void abortRequest() {
        checkInRequest();
        for (int i = changes.size() - 1; i >= requestStart; i--) {
            Change change = changes.remove(i);
            List<Change> history = overlay.get(change.key());
            history.removeLast();
            if (history.isEmpty()) {
                overlay.remove(change.key());
            }
        }
        requestStart = -1;
        nextSub = 0;
    }

    /** The key's newest value, seen through this batch. */
    public Optional<KeyValue> get(byte[] key) {
        List<KeyValue> found = range(KeyRange.of(key, new byte[0]), 0, 0, false).kvs();
        return found.isEmpty() ? Optional.empty() : Optional.of(found.getFirst());
    }

    /** Writes a value in the open request; returns the stored KeyValue with its revisions and version. */
    public KeyValue put(byte[] key, ByteString value, long lease) {
        checkInRequest();
        Optional<KeyValue> previous = get(key);
        Revision revision = nextRevision();
        KeyValue kv = KeyValue.newBuilder()
                .setKey(ByteString.copyFrom(key))
                .setCreateRevision(previous.map(KeyValue::getCreateRevision).orElse(revision.main()))
                .setModRevision(revision.main())
                .setVersion(previous.map(KeyValue::getVersion).orElse(0L) + 1)
                .setValue(value)
                .setLease(lease)
                .build();
        record(new Change(key.clone(), revision, false, kv));
        return kv;
    }

    /** Deletes a live key in the open request. */
    public void delete(byte[] key) {
        checkInRequest();
        if (get(key).isEmpty()) {
            throw new IllegalStateException("delete of a key that is not live");
        }
        Revision revision = nextRevision();
        KeyValue tombstone = KeyValue.newBuilder().setKey(ByteString.copyFrom(key)).setModRevision(revision.main())
                .build();
        record(new Change(key.clone(), revision, true, tombstone));
    }

    /**
     * Schedules a compaction at {@code revision}: reads below it fail from now on, and the returned future completes
     * once the superseded revisions are deleted from disk (after commit).
     */
    public CompletableFuture<Void> compact(long revision) {
        checkOpen();
        if (revision <= compactRevision) {
            throw EtcdError.COMPACTED.exception();
        }
        if (revision > revision()) {
            throw EtcdError.FUTURE_REV.exception();
        }
        compactRevision = revision;
        CompletableFuture<Void> physicalDone = new CompletableFuture<>();
        compactionWaiters.add(physicalDone);
        return physicalDone;
    }

    /** Stores server metadata with this batch; read back with {@link MvccStore#readMeta(String)}. */
    public void writeMeta(String name, byte[] value) {
        checkOpen();
        try {
            store.putMeta(metaWrites, name, value);
        } catch (RocksDBException e) {
            throw store.failure("cannot stage metadata for", e);
        }
    }

    /** Removes server metadata with this batch. */
    public void deleteMeta(String name) {
        checkOpen();
        try {
            store.deleteMeta(metaWrites, name);
        } catch (RocksDBException e) {
            throw store.failure("cannot stage metadata for", e);
        }
    }

    /** Writes everything atomically with {@code consistentIndex}, then makes it visible to readers. */
    public void commit(long consistentIndex) {
        checkOpen();
        if (requestStart >= 0) {
            throw new IllegalStateException("commit with a request still open");
        }
        try {
            for (Change change : changes) {
                store.putValue(metaWrites, change.revision(), change.tombstone(), change.kv());
            }
        } catch (RocksDBException e) {
            throw store.failure("cannot stage a write for", e);
        }
        ScheduledCompaction compaction = null;
        if (!compactionWaiters.isEmpty()) {
            CompletableFuture<Void> physicalDone = new CompletableFuture<>();
            List<CompletableFuture<Void>> waiters = List.copyOf(compactionWaiters);
            physicalDone.whenComplete((ok, error) -> waiters.forEach(waiter -> {
                if (error == null) {
                    waiter.complete(null);
                } else {
                    waiter.completeExceptionally(error);
                }
            }));
            compaction = new ScheduledCompaction(compactRevision, physicalDone);
        }
        store.commit(storeGeneration, metaWrites, changes, finishedRevision, consistentIndex, compaction);
        done = true;
    }

    /**
     * The changes of this batch's finished requests, in revision order, as watch events (deletes carry the key and
     * the deletion revision; no prev_kv). Meant for the watch hub once the batch is committed.
     */
    public List<Event> events() {
        int finished = requestStart >= 0 ? requestStart : changes.size();
        List<Event> events = new ArrayList<>(finished);
        for (Change change : changes.subList(0, finished)) {
            events.add(Event.newBuilder()
                    .setType(change.tombstone() ? Event.EventType.DELETE : Event.EventType.PUT)
                    .setKv(change.kv())
                    .build());
        }
        return events;
    }

    /** Releases the batch; if it was not committed, nothing of it is kept. */
    @Override
    public void close() {
        if (!done) {
            compactionWaiters.forEach(waiter -> waiter.completeExceptionally(
                    new CancellationException("write batch abandoned before commit")));
            done = true;
        }
        metaWrites.close();
    }

    @Override
    public RangeResult range(KeyRange range, long atRevision, long limit, boolean countOnly) {
        long newest = revision();
        long at = atRevision <= 0 ? newest : atRevision;
        if (at > newest) {
            throw EtcdError.FUTURE_REV.exception();
        }
        if (at < compactRevision) {
            throw EtcdError.COMPACTED.exception();
        }
        TreeMap<byte[], Object> found = new TreeMap<>(KeyRange.ORDER);
        for (KeyIndex.Entry entry : store.lookup(range, Math.min(at, store.currentRevision()))) {
            found.put(entry.key(), entry.revision());
        }
        for (Map.Entry<byte[], List<Change>> pending : range.select(overlay).entrySet()) {
            latestAtOrBefore(pending.getValue(), at).ifPresent(change -> {
                if (change.tombstone()) {
                    found.remove(pending.getKey());
                } else {
                    found.put(pending.getKey(), change.kv());
                }
            });
        }
        if (countOnly) {
            return new RangeResult(List.of(), found.size(), newest);
        }
        int wanted = limit > 0 ? (int) Math.min(limit, found.size()) : found.size();
        List<KeyValue> kvs = new ArrayList<>(wanted);
        for (Object location : found.values()) {
            if (kvs.size() == wanted) {
                break;
            }
            kvs.add(location instanceof KeyValue kv ? kv : store.readValue((Revision) location));
        }
        return new RangeResult(kvs, found.size(), newest);
    }

    private static Optional<Change> latestAtOrBefore(List<Change> history, long at) {
        for (int i = history.size() - 1; i >= 0; i--) {
            if (history.get(i).revision().main() <= at) {
                return Optional.of(history.get(i));
            }
        }
        return Optional.empty();
    }

    private Revision nextRevision() {
        return new Revision(finishedRevision + 1, nextSub++);
    }

    private void record(Change change) {
        changes.add(change);
        overlay.computeIfAbsent(change.key(), k -> new ArrayList<>()).add(change);
    }

    private void checkOpen() {
        if (done) {
            throw new IllegalStateException("write batch already committed or closed");
        }
    }

    private void checkInRequest() {
        checkOpen();
        if (requestStart < 0) {
            throw new IllegalStateException("no request open");
        }
    }
}
