package dev.cairn.node.storage.mvcc;

import dev.cairn.node.error.EtcdError;
import dev.cairn.node.error.EtcdException;
import dev.cairn.node.metrics.DurationHistogram;
import dev.cairn.node.proto.mvccpb.Event;
import dev.cairn.node.proto.mvccpb.KeyValue;
import com.google.protobuf.InvalidProtocolBufferException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.rocksdb.Checkpoint;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Snapshot;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * The multi-version key-value store: every change is kept under its revision in RocksDB (column family
 * {@code values}), an in-memory {@link KeyIndex} maps keys to their revisions and is rebuilt at open, and a
 * {@code meta} column family holds the consistent index, the revision, the compact revision and server metadata.
 *
 * <p>One apply thread writes through {@link #beginWrite()}; any number of threads read through
 * {@link #range}. A batch's values reach RocksDB before its revision is published, and readers never look past the
 * published revision, so a reader sees whole batches only.
 *
 * <p>Every use of the RocksDB handles holds the handle lock shared; {@link #restoreFrom} (which replaces the whole
 * content with a snapshot's) and {@link #close} hold it exclusively, so they wait for running reads, iterators and
 * RocksDB snapshots, and reads that start meanwhile wait for them: a reader sees the old store or the new one.
 */
public final class MvccStore implements AutoCloseable, MvccReadView {
    static {
        RocksDbLibrary.load();
    }

    private static final int NEWEST_READ_ATTEMPTS = 8;

    private final Path dir;
    private final WriteOptions writeOptions = new WriteOptions().setSync(false);
    private final ReentrantReadWriteLock handleLock = new ReentrantReadWriteLock();
    private final ReentrantReadWriteLock indexLock = new ReentrantReadWriteLock();
    private final Compactor compactor;
    private final DiskUsage diskUsage;
    // etcd's backend commit histogram: ExponentialBuckets(0.001, 2, 14).
    private final DurationHistogram commitDurations = DurationHistogram.exponential(0.001, 2, 14);
    /** Null once closed or after a failed restore; guarded by the handle lock. */
    private StoreHandles handles;
    private String unusableBecause;
    private boolean closed;
    /** Replaced under the exclusive handle lock; otherwise guarded by the index lock. */
    private KeyIndex index = new KeyIndex();
    /** Counts restores; compaction work and write batches of an earlier content must not touch the current one. */
    private volatile long generation;
    private volatile long liveKeys;
    private volatile long publishedRevision;
    private volatile long compactRevision;
    private volatile long consistentIndex;

    private MvccStore(Path dir, StoreHandles handles, CompactionExecutor compactionExecutor) {
        this.dir = dir;
        this.handles = handles;
        this.compactor = new Compactor(this, compactionExecutor);
        this.diskUsage = new DiskUsage(dir);
    }

    /** Opens (creating if absent) the store in {@code dir}, compacting physically on a background thread. */
    public static MvccStore open(Path dir) {
        return open(dir, CompactionExecutor.backgroundThread());
    }

    /**
     * Opens the store with the given runner for physical compaction work. Finishes or undoes a replacement by a
     * snapshot that a crash interrupted, rebuilds the key index and resumes a compaction that was recorded but not
     * finished.
     */
    public static MvccStore open(Path dir, CompactionExecutor compactionExecutor) {
        StoreDirectorySwap.recover(dir);
        MvccStore store = new MvccStore(dir, StoreHandles.open(dir), compactionExecutor);
        try {
            store.handleLock.writeLock().lock();
            try {
                store.load();
            } finally {
                store.handleLock.writeLock().unlock();
            }
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
        return store;
    }

    /**
     * Copies the store as of now into {@code target} (which must not exist; hard links where the file system
     * allows) and reads the revision, consistent index and server metadata the copy holds, which the apply thread
     * may have passed.
     */
    public StoreCheckpoint checkpoint(Path target) {
        StoreHandles h = acquire();
        try (Checkpoint checkpoint = Checkpoint.create(h.db)) {
            checkpoint.createCheckpoint(target.toString());
        } catch (RocksDBException e) {
            throw failure("cannot checkpoint", e);
        } finally {
            release();
        }
        return readCheckpoint(target);
    }

    /** What a copy of a store (made by {@link #checkpoint}) holds; fails if {@code copy} is not one. */
    public static StoreCheckpoint readCheckpoint(Path copy) {
        try (StoreHandles h = StoreHandles.openReadOnly(copy)) {
            return new StoreCheckpoint(copy, h.readLong(MetaKeys.REVISION, 1), h.readLong(MetaKeys.CONSISTENT_INDEX, 0),
                    serverMeta(h.db, h.meta));
        } catch (RocksDBException e) {
            throw new MvccStorageException("cannot read the checkpoint in " + copy + ": " + e.getMessage(), e);
        }
    }

    /**
     * Replaces the whole content of the store with the copy in {@code checkpointDir} (made by {@link #checkpoint}
     * on another member; it must be on this store's file system, and is consumed), while other threads keep using
     * this object: they wait while the replacement runs. Compaction work of the old content is dropped; a
     * compaction the copy records as unfinished is resumed. Called by the apply thread (the only writer) with no
     * write batch open.
     *
     * <p>A crash at any point leaves the old or the new content, which the next {@link #open} completes. A failure
     * before the copy is staged leaves this store as it was; a failure after it leaves this store unusable (every
     * call fails) until it is reopened, as after a crash.
     */
    public void restoreFrom(Path checkpointDir) {
        restoreFrom(checkpointDir, StoreDirectorySwap.StepListener.NONE);
    }

    /** As {@link #restoreFrom(Path)}, telling {@code listener} after each step of the swap (crash tests). */
    void restoreFrom(Path checkpointDir, StoreDirectorySwap.StepListener listener) {
        readCheckpoint(checkpointDir); // refuse what is no store copy before changing anything
        StoreDirectorySwap swap = new StoreDirectorySwap(dir, listener);
        handleLock.writeLock().lock();
        try {
            StoreHandles old = usableHandles();
            swap.stage(checkpointDir);
            generation++;
            handles = null;
            unusableBecause = "it failed while being replaced by a snapshot; reopen it to finish or undo that";
            old.close();
            swap.swap();
            handles = StoreHandles.open(dir);
            index = new KeyIndex();
            load();
            unusableBecause = null;
            diskUsage.refresh();
        } catch (RuntimeException e) {
            if (unusableBecause != null && handles != null) {
                handles.close(); // opened, but the content could not be loaded
                handles = null;
            }
            throw e;
        } finally {
            handleLock.writeLock().unlock();
        }
    }

    /** Entries in every column family (for snapshot status, as etcd counts the keys of every bbolt bucket). */
    public long totalKeys() {
        StoreHandles h = acquire();
        try {
            long count = 0;
            for (ColumnFamilyHandle family : h.families) {
                try (RocksIterator it = h.db.newIterator(family)) {
                    for (it.seekToFirst(); it.isValid(); it.next()) {
                        count++;
                    }
                }
            }
            return count;
        } finally {
            release();
        }
    }

    /** Reads the published state of {@link #handles} and rebuilds the index; the caller holds the lock exclusively. */
    private void load() {
        try {
            publishedRevision = handles.readLong(MetaKeys.REVISION, 1);
            consistentIndex = handles.readLong(MetaKeys.CONSISTENT_INDEX, 0);
            compactRevision = handles.readLong(MetaKeys.COMPACT_REVISION, -1);
        } catch (RocksDBException e) {
            throw failure("cannot read metadata from", e);
        }
        try (RocksIterator it = handles.db.newIterator(handles.values)) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
                byte[] revisionKey = it.key();
                Revision revision = Revision.decode(revisionKey);
                KeyValue kv = decode(revision, it.value());
                if (Revision.isTombstone(revisionKey)) {
                    index.restoreTombstone(kv.getKey().toByteArray(), revision);
                } else {
                    index.put(kv.getKey().toByteArray(), revision);
                }
            }
        }
        if (compactRevision > 0) {
            List<KeyHistory.Removed> leftOver = index.compact(compactRevision);
            if (!leftOver.isEmpty()) {
                compactor.delete(generation, compactRevision, leftOver, new CompletableFuture<>());
            }
        }
        liveKeys = index.liveKeyCount();
    }

    /** Keys that hold a value at the current revision (etcd_debugging_mvcc_keys_total). */
    public long liveKeyCount() {
        return liveKeys;
    }

    /** How long each batch took to write to RocksDB (etcd_disk_backend_commit_duration_seconds). */
    public DurationHistogram commitDurations() {
        return commitDurations;
    }

    public long currentRevision() {
        return publishedRevision;
    }

    @Override
    public long revision() {
        return publishedRevision;
    }

    /** The revision of the last scheduled compaction, -1 if none. Reads below it fail with COMPACTED. */
    public long compactRevision() {
        return compactRevision;
    }

    /** The last Raft index whose entry is applied to this store. */
    public long consistentIndex() {
        return consistentIndex;
    }

    public Path dir() {
        return dir;
    }

    /** Bytes the store's files take on disk. */
    public long dbSizeBytes() {
        acquire();
        try {
            return diskUsage.measure();
        } finally {
            release();
        }
    }

    /** RocksDB's estimate of the live data, memtables included. */
    public long dbSizeInUseBytes() {
        StoreHandles h = acquire();
        try {
            long total = 0;
            for (ColumnFamilyHandle family : List.of(h.values, h.meta)) {
                total += h.db.getLongProperty(family, "rocksdb.estimate-live-data-size");
                total += h.db.getLongProperty(family, "rocksdb.cur-size-all-mem-tables");
            }
            return total;
        } catch (RocksDBException e) {
            throw failure("cannot read the size of", e);
        } finally {
            release();
        }
    }

    /**
     * What the space quota counts: {@link #dbSizeBytes()} as measured at most 100 ms ago (or at the last
     * defragmentation), plus the bytes of the batches written since.
     */
    public long spaceUsedBytes() {
        return diskUsage.estimate();
    }

    /** Rewrites every column family (memtables flushed, deleted and overwritten data dropped) to free space. */
    public void defragment() {
        StoreHandles h = acquire();
        try {
            for (ColumnFamilyHandle family : h.families) {
                h.db.compactRange(family);
            }
            diskUsage.refresh();
        } catch (RocksDBException e) {
            throw failure("cannot defragment", e);
        } finally {
            release();
        }
    }

    /**
     * HashKV: the hash of the key-value history up to {@code atRevision} (0 or less: the current revision), without
     * what compaction removed. Validated as a Range at that revision.
     */
    public KvHash hashKv(long atRevision) {
        StoreHandles h = acquire();
        try {
            Snapshot snapshot;
            long at;
            long compactedAt;
            Set<Revision> kept;
            indexLock.readLock().lock();
            try {
                long newest = publishedRevision;
                at = atRevision <= 0 ? newest : atRevision;
                if (at > newest) {
                    throw EtcdError.FUTURE_REV.exception();
                }
                if (at < compactRevision) {
                    throw EtcdError.COMPACTED.exception();
                }
                // Under the index lock no compaction can start, so the snapshot lacks nothing it would keep.
                snapshot = h.db.getSnapshot();
                compactedAt = compactRevision;
                kept = compactedAt > 0 ? index.revisionsAtOrBefore(compactedAt) : Set.of();
            } finally {
                indexLock.readLock().unlock();
            }
            try {
                return new KvHash(new StoreHasher(h.db).hashValues(snapshot, h.values, at, compactedAt, kept),
                        compactedAt, publishedRevision);
            } finally {
                h.db.releaseSnapshot(snapshot);
            }
        } finally {
            release();
        }
    }

    /**
     * Hash: the hash of the whole store, every column family, except the consistent index (as etcd, which leaves it
     * out because it is bookkeeping of the member rather than state).
     */
    public int hash() {
        StoreHandles h = acquire();
        try {
            Snapshot snapshot = h.db.getSnapshot();
            try {
                return new StoreHasher(h.db).hashAll(snapshot, h.families, h.meta, List.of(MetaKeys.CONSISTENT_INDEX));
            } finally {
                h.db.releaseSnapshot(snapshot);
            }
        } finally {
            release();
        }
    }

    /** Server metadata stored with {@code MvccWriteBatch.writeMeta}. */
    public Optional<byte[]> readMeta(String name) {
        StoreHandles h = acquire();
        try {
            return Optional.ofNullable(h.db.get(h.meta, MetaKeys.server(name)));
        } catch (RocksDBException e) {
            throw failure("cannot read metadata from", e);
        } finally {
            release();
        }
    }

    /** Every piece of server metadata whose name starts with {@code prefix}, by name, in name order. */
    public SortedMap<String, byte[]> readMetaWithPrefix(String prefix) {
        StoreHandles h = acquire();
        try {
            return serverMeta(h.db, h.meta, prefix);
        } finally {
            release();
        }
    }

    private static SortedMap<String, byte[]> serverMeta(RocksDB db, ColumnFamilyHandle meta) {
        return serverMeta(db, meta, "");
    }

    private static SortedMap<String, byte[]> serverMeta(RocksDB db, ColumnFamilyHandle meta, String prefix) {
        byte[] start = MetaKeys.server(prefix);
        SortedMap<String, byte[]> found = new TreeMap<>();
        try (RocksIterator it = db.newIterator(meta)) {
            for (it.seek(start); it.isValid() && startsWith(it.key(), start); it.next()) {
                found.put(MetaKeys.serverName(it.key()), it.value());
            }
        }
        return found;
    }

    private static boolean startsWith(byte[] key, byte[] prefix) {
        return key.length >= prefix.length && Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
    }

    /** Flushes and syncs RocksDB's write-ahead log, making every committed batch durable. */
    public void syncToDisk() {
        StoreHandles h = acquire();
        try {
            h.db.flushWal(true);
        } catch (RocksDBException e) {
            throw failure("cannot sync", e);
        } finally {
            release();
        }
    }

    /** Starts the apply thread's next group of writes. Only one batch may be open at a time. */
    public MvccWriteBatch beginWrite() {
        return new MvccWriteBatch(this, generation);
    }

    /**
     * Reads from the published state. A read of the newest revision that loses a race with physical compaction
     * (a value deleted between the index lookup and the value read) is retried at the then newest revision; a read
     * of an explicit revision answers COMPACTED instead.
     */
    @Override
    public RangeResult range(KeyRange range, long atRevision, long limit, boolean countOnly) {
        acquire();
        try {
            for (int attempt = 1; ; attempt++) {
                try {
                    return rangeOnce(range, atRevision, limit, countOnly);
                } catch (EtcdException e) {
                    if (atRevision > 0 || e.error() != EtcdError.COMPACTED || attempt == NEWEST_READ_ATTEMPTS) {
                        throw e;
                    }
                }
            }
        } finally {
            release();
        }
    }

    private RangeResult rangeOnce(KeyRange range, long atRevision, long limit, boolean countOnly) {
        long newest = publishedRevision;
        long at = atRevision <= 0 ? newest : atRevision;
        if (at > newest) {
            throw EtcdError.FUTURE_REV.exception();
        }
        List<KeyIndex.Entry> entries;
        indexLock.readLock().lock();
        try {
            if (at < compactRevision) {
                throw EtcdError.COMPACTED.exception();
            }
            entries = index.range(range, at);
        } finally {
            indexLock.readLock().unlock();
        }
        if (countOnly) {
            return new RangeResult(List.of(), entries.size(), newest);
        }
        int wanted = limit > 0 ? (int) Math.min(limit, entries.size()) : entries.size();
        List<KeyValue> kvs = new ArrayList<>(wanted);
        for (int i = 0; i < wanted; i++) {
            kvs.add(readValue(entries.get(i).revision()));
        }
        return new RangeResult(kvs, entries.size(), newest);
    }

    /**
     * The changes with main revisions in [fromRevision, toRevision] (capped at the published revision), oldest first,
     * at most {@code maxEvents} (the last revision returned may then be partial; resume from it). Deletes carry the key
     * and the deletion revision only; no event carries prev_kv.
     *
     * @throws dev.cairn.node.error.EtcdException COMPACTED if {@code fromRevision} is below the compact revision
     */
    public List<Event> history(long fromRevision, long toRevision, int maxEvents) {
        StoreHandles h = acquire();
        try {
            long last = Math.min(toRevision, publishedRevision);
            if (fromRevision < compactRevision) {
                throw EtcdError.COMPACTED.exception();
            }
            List<Event> events = new ArrayList<>();
            try (RocksIterator it = h.db.newIterator(h.values)) {
                for (it.seek(new Revision(fromRevision, 0).encode(false)); it.isValid() && events.size() < maxEvents;
                     it.next()) {
                    byte[] revisionKey = it.key();
                    Revision revision = Revision.decode(revisionKey);
                    if (revision.main() > last) {
                        break;
                    }
                    events.add(Event.newBuilder()
                            .setType(Revision.isTombstone(revisionKey) ? Event.EventType.DELETE : Event.EventType.PUT)
                            .setKv(decode(revision, it.value()))
                            .build());
                }
            }
            // A compaction that ran during the scan may have removed some of what it skipped.
            if (fromRevision < compactRevision) {
                throw EtcdError.COMPACTED.exception();
            }
            return events;
        } finally {
            release();
        }
    }

    /** Stops compaction work, then closes RocksDB once no thread uses it any more. Later calls fail. */
    @Override
    public void close() {
        compactor.close(); // before the exclusive lock: its running chunk holds the lock shared
        handleLock.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            if (handles != null) {
                handles.close();
                handles = null;
            }
            unusableBecause = "it is closed";
            writeOptions.close();
        } finally {
            handleLock.writeLock().unlock();
        }
    }

    // ---- used by MvccWriteBatch (apply thread) and Compactor ----

    List<KeyIndex.Entry> lookup(KeyRange range, long atMain) {
        acquire();
        indexLock.readLock().lock();
        try {
            return index.range(range, atMain);
        } finally {
            indexLock.readLock().unlock();
            release();
        }
    }

    /** The value stored at {@code revision}; a value compacted away meanwhile answers COMPACTED. */
    KeyValue readValue(Revision revision) {
        StoreHandles h = acquire();
        byte[] stored;
        try {
            stored = h.db.get(h.values, revision.encode(false));
        } catch (RocksDBException e) {
            throw failure("cannot read", e);
        } finally {
            release();
        }
        if (stored == null) {
            throw EtcdError.COMPACTED.exception();
        }
        return decode(revision, stored);
    }

    void putValue(WriteBatch batch, Revision revision, boolean tombstone, KeyValue kv) throws RocksDBException {
        StoreHandles h = acquire();
        try {
            batch.put(h.values, revision.encode(tombstone), kv.toByteArray());
        } finally {
            release();
        }
    }

    void putMeta(WriteBatch batch, String name, byte[] value) throws RocksDBException {
        StoreHandles h = acquire();
        try {
            batch.put(h.meta, MetaKeys.server(name), value);
        } finally {
            release();
        }
    }

    void deleteMeta(WriteBatch batch, String name) throws RocksDBException {
        StoreHandles h = acquire();
        try {
            batch.delete(h.meta, MetaKeys.server(name));
        } finally {
            release();
        }
    }

    /**
     * Writes a batch atomically with the revision and consistent index, then updates the index and publishes the new
     * revision; a compaction scheduled in the batch is applied to the index and its deletion handed to the compactor.
     *
     * @param batchGeneration the store generation the batch began in: a batch begun before a restore is refused
     */
    void commit(long batchGeneration, WriteBatch batch, List<MvccWriteBatch.Change> changes, long newRevision,
                long newConsistentIndex, MvccWriteBatch.ScheduledCompaction compaction) {
        StoreHandles h = acquire();
        try {
            if (batchGeneration != generation) {
                throw new IllegalStateException("write batch begun before the store was replaced by a snapshot");
            }
            long batchBytes;
            try {
                batch.put(h.meta, MetaKeys.REVISION, MetaKeys.encodeLong(newRevision));
                batch.put(h.meta, MetaKeys.CONSISTENT_INDEX, MetaKeys.encodeLong(newConsistentIndex));
                if (compaction != null) {
                    batch.put(h.meta, MetaKeys.COMPACT_REVISION, MetaKeys.encodeLong(compaction.revision()));
                }
                batchBytes = batch.getDataSize();
                long start = System.nanoTime();
                h.db.write(writeOptions, batch);
                commitDurations.record(System.nanoTime() - start);
            } catch (RocksDBException e) {
                throw failure("cannot write", e);
            }
            List<KeyHistory.Removed> removed = List.of();
            indexLock.writeLock().lock();
            try {
                for (MvccWriteBatch.Change change : changes) {
                    if (change.tombstone()) {
                        index.tombstone(change.key(), change.revision());
                    } else {
                        index.put(change.key(), change.revision());
                    }
                }
                if (compaction != null) {
                    removed = index.compact(compaction.revision());
                    compactRevision = compaction.revision();
                }
                consistentIndex = newConsistentIndex;
                liveKeys = index.liveKeyCount();
                publishedRevision = newRevision;
            } finally {
                indexLock.writeLock().unlock();
            }
            if (compaction != null) {
                compactor.delete(generation, compaction.revision(), removed, compaction.physicalDone());
            }
            diskUsage.recordWrite(batchBytes);
        } finally {
            release();
        }
    }

    /**
     * Deletes compacted values; false (nothing deleted) once the store content they belong to, of
     * {@code contentGeneration}, was replaced by a restore.
     */
    boolean deleteValues(long contentGeneration, List<KeyHistory.Removed> chunk) {
        StoreHandles h = acquire();
        try (WriteBatch batch = new WriteBatch()) {
            if (contentGeneration != generation) {
                return false;
            }
            for (KeyHistory.Removed removed : chunk) {
                batch.delete(h.values, removed.revision().encode(removed.tombstone()));
            }
            h.db.write(writeOptions, batch);
            return true;
        } catch (RocksDBException e) {
            throw failure("cannot compact", e);
        } finally {
            release();
        }
    }

    MvccStorageException failure(String what, Exception cause) {
        return new MvccStorageException(what + " the MVCC store in data dir " + dir + ": " + cause.getMessage(), cause);
    }

    /** Takes the handle lock shared and returns the open handles; fails (lock released) if there are none. */
    private StoreHandles acquire() {
        handleLock.readLock().lock();
        StoreHandles h = handles;
        if (h == null) {
            handleLock.readLock().unlock();
            throw unusable();
        }
        return h;
    }

    private void release() {
        handleLock.readLock().unlock();
    }

    private StoreHandles usableHandles() {
        if (handles == null) {
            throw unusable();
        }
        return handles;
    }

    private MvccStorageException unusable() {
        return new MvccStorageException("the MVCC store in data dir " + dir + " cannot be used: " + unusableBecause);
    }

    private KeyValue decode(Revision revision, byte[] stored) {
        try {
            return KeyValue.parseFrom(stored);
        } catch (InvalidProtocolBufferException e) {
            throw new MvccStorageException("corrupt value at revision " + revision.main() + "." + revision.sub()
                    + " in data dir " + dir, e);
        }
    }
}
