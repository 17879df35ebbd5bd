package dev.cairn.node.storage.mvcc;

import dev.cairn.node.error.EtcdError;
import dev.cairn.node.error.EtcdException;
import dev.cairn.node.metrics.DurationHistogram;
import dev.cairn.node.proto.mvccpb.Event;
import dev.cairn.node.proto.mvccpb.KeyValue;
import com.google.protobuf.InvalidProtocolBufferException;
import java.io.IOException;
import java.nio.file.Files;
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
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.DBOptions;
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
 */
public final class MvccStore implements AutoCloseable, MvccReadView {
    static {
        RocksDB.loadLibrary();
    }

    private static final int NEWEST_READ_ATTEMPTS = 8;

    private final Path dir;
    private final DBOptions options;
    private final List<ColumnFamilyHandle> handles;
    private final RocksDB db;
    private final ColumnFamilyHandle values;
    private final ColumnFamilyHandle meta;
    private final WriteOptions writeOptions = new WriteOptions().setSync(false);
    private final ReentrantReadWriteLock indexLock = new ReentrantReadWriteLock();
    private final KeyIndex index = new KeyIndex();
    private final Compactor compactor;
    private final DiskUsage diskUsage;
    // etcd's backend commit histogram: ExponentialBuckets(0.001, 2, 14).
    private final DurationHistogram commitDurations = DurationHistogram.exponential(0.001, 2, 14);
    private volatile long liveKeys;
    private volatile long publishedRevision;
    private volatile long compactRevision;
    private volatile long consistentIndex;

    private MvccStore(Path dir, DBOptions options, List<ColumnFamilyHandle> handles, RocksDB db,
                      CompactionExecutor compactionExecutor) {
        this.dir = dir;
        this.options = options;
        this.handles = handles;
        this.db = db;
        this.values = handles.get(1);
        this.meta = handles.get(2);
        this.compactor = new Compactor(this, compactionExecutor);
        this.diskUsage = new DiskUsage(dir);
    }

    /** Opens (creating if absent) the store in {@code dir}, compacting physically on a background thread. */
    public static MvccStore open(Path dir) {
        return open(dir, CompactionExecutor.backgroundThread());
    }

    /**
     * Opens the store with the given runner for physical compaction work. Rebuilds the key index and resumes a
     * compaction that was recorded but not finished.
     */
    public static MvccStore open(Path dir, CompactionExecutor compactionExecutor) {
        DBOptions options = new DBOptions().setCreateIfMissing(true).setCreateMissingColumnFamilies(true);
        List<ColumnFamilyDescriptor> descriptors = columnFamilies();
        List<ColumnFamilyHandle> handles = new ArrayList<>();
        RocksDB db;
        try {
            Files.createDirectories(dir);
            db = RocksDB.open(options, dir.toString(), descriptors, handles);
        } catch (RocksDBException | IOException e) {
            options.close();
            throw new MvccStorageException("cannot open the MVCC store in data dir " + dir + ": " + e.getMessage(), e);
        }
        MvccStore store = new MvccStore(dir, options, handles, db, compactionExecutor);
        try {
            store.load();
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
        return store;
    }

    private static List<ColumnFamilyDescriptor> columnFamilies() {
        return List.of(
                new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY),
                new ColumnFamilyDescriptor(MetaKeys.utf8("values")),
                new ColumnFamilyDescriptor(MetaKeys.utf8("meta")));
    }

    /**
     * Copies the store as of now into {@code target} (which must not exist; hard links where the file system
     * allows) and reads the revision and consistent index the copy holds, which the apply thread may have passed.
     */
    public StoreCheckpoint checkpoint(Path target) {
        try (Checkpoint checkpoint = Checkpoint.create(db)) {
            checkpoint.createCheckpoint(target.toString());
        } catch (RocksDBException e) {
            throw failure("cannot checkpoint", e);
        }
        List<ColumnFamilyHandle> copyHandles = new ArrayList<>();
        try (DBOptions copyOptions = new DBOptions();
             RocksDB copy = RocksDB.openReadOnly(copyOptions, target.toString(), columnFamilies(), copyHandles)) {
            try {
                byte[] revision = copy.get(copyHandles.get(2), MetaKeys.REVISION);
                byte[] index = copy.get(copyHandles.get(2), MetaKeys.CONSISTENT_INDEX);
                return new StoreCheckpoint(target, revision == null ? 1 : MetaKeys.decodeLong(revision),
                        index == null ? 0 : MetaKeys.decodeLong(index), serverMeta(copy, copyHandles.get(2)));
            } finally {
                copyHandles.forEach(ColumnFamilyHandle::close);
            }
        } catch (RocksDBException e) {
            throw new MvccStorageException("cannot read the checkpoint in " + target + ": " + e.getMessage(), e);
        }
    }

    private static SortedMap<String, byte[]> serverMeta(RocksDB db, ColumnFamilyHandle meta) {
        byte[] start = MetaKeys.server("");
        SortedMap<String, byte[]> found = new TreeMap<>();
        try (RocksIterator it = db.newIterator(meta)) {
            for (it.seek(start); it.isValid() && startsWith(it.key(), start); it.next()) {
                found.put(MetaKeys.serverName(it.key()), it.value());
            }
        }
        return found;
    }

    /** Entries in every column family (for snapshot status, as etcd counts the keys of every bbolt bucket). */
    public long totalKeys() {
        long count = 0;
        for (ColumnFamilyHandle handle : handles) {
            try (RocksIterator it = db.newIterator(handle)) {
                for (it.seekToFirst(); it.isValid(); it.next()) {
                    count++;
                }
            }
        }
        return count;
    }

    private void load() {
        publishedRevision = readLong(MetaKeys.REVISION, 1);
        consistentIndex = readLong(MetaKeys.CONSISTENT_INDEX, 0);
        compactRevision = readLong(MetaKeys.COMPACT_REVISION, -1);
        try (RocksIterator it = db.newIterator(values)) {
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
                compactor.delete(compactRevision, leftOver, new CompletableFuture<>());
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
        return diskUsage.measure();
    }

    /** RocksDB's estimate of the live data, memtables included. */
    public long dbSizeInUseBytes() {
        try {
            long total = 0;
            for (ColumnFamilyHandle handle : List.of(values, meta)) {
                total += db.getLongProperty(handle, "rocksdb.estimate-live-data-size");
                total += db.getLongProperty(handle, "rocksdb.cur-size-all-mem-tables");
            }
            return total;
        } catch (RocksDBException e) {
            throw failure("cannot read the size of", e);
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
        try {
            for (ColumnFamilyHandle handle : handles) {
                db.compactRange(handle);
            }
        } catch (RocksDBException e) {
            throw failure("cannot defragment", e);
        }
        diskUsage.refresh();
    }

    /**
     * HashKV: the hash of the key-value history up to {@code atRevision} (0 or less: the current revision), without
     * what compaction removed. Validated as a Range at that revision.
     */
    public KvHash hashKv(long atRevision) {
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
            snapshot = db.getSnapshot();
            compactedAt = compactRevision;
            kept = compactedAt > 0 ? index.revisionsAtOrBefore(compactedAt) : Set.of();
        } finally {
            indexLock.readLock().unlock();
        }
        try {
            return new KvHash(new StoreHasher(db).hashValues(snapshot, values, at, compactedAt, kept), compactedAt,
                    publishedRevision);
        } finally {
            db.releaseSnapshot(snapshot);
        }
    }

    /**
     * Hash: the hash of the whole store, every column family, except the consistent index (as etcd, which leaves it
     * out because it is bookkeeping of the member rather than state).
     */
    public int hash() {
        Snapshot snapshot = db.getSnapshot();
        try {
            return new StoreHasher(db).hashAll(snapshot, handles, meta, List.of(MetaKeys.CONSISTENT_INDEX));
        } finally {
            db.releaseSnapshot(snapshot);
        }
    }

    /** Server metadata stored with {@code MvccWriteBatch.writeMeta}. */
    public Optional<byte[]> readMeta(String name) {
        try {
            return Optional.ofNullable(db.get(meta, MetaKeys.server(name)));
        } catch (RocksDBException e) {
            throw failure("cannot read metadata from", e);
        }
    }

    /** Every piece of server metadata whose name starts with {@code prefix}, by name, in name order. */
    public SortedMap<String, byte[]> readMetaWithPrefix(String prefix) {
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
        try {
            db.flushWal(true);
        } catch (RocksDBException e) {
            throw failure("cannot sync", e);
        }
    }

    /** Starts the apply thread's next group of writes. Only one batch may be open at a time. */
    public MvccWriteBatch beginWrite() {
        return new MvccWriteBatch(this);
    }

    /**
     * Reads from the published state. A read of the newest revision that loses a race with physical compaction
     * (a value deleted between the index lookup and the value read) is retried at the then newest revision; a read
     * of an explicit revision answers COMPACTED instead.
     */
    @Override
    public RangeResult range(KeyRange range, long atRevision, long limit, boolean countOnly) {
        for (int attempt = 1; ; attempt++) {
            try {
                return rangeOnce(range, atRevision, limit, countOnly);
            } catch (EtcdException e) {
                if (atRevision > 0 || e.error() != EtcdError.COMPACTED || attempt == NEWEST_READ_ATTEMPTS) {
                    throw e;
                }
            }
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
        long last = Math.min(toRevision, publishedRevision);
        if (fromRevision < compactRevision) {
            throw EtcdError.COMPACTED.exception();
        }
        List<Event> events = new ArrayList<>();
        try (RocksIterator it = db.newIterator(values)) {
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
    }

    @Override
    public void close() {
        compactor.close();
        writeOptions.close();
        handles.forEach(ColumnFamilyHandle::close);
        db.close();
        options.close();
    }

    // ---- used by MvccWriteBatch (apply thread) and Compactor ----

    List<KeyIndex.Entry> lookup(KeyRange range, long atMain) {
        indexLock.readLock().lock();
        try {
            return index.range(range, atMain);
        } finally {
            indexLock.readLock().unlock();
        }
    }

    /** The value stored at {@code revision}; a value compacted away meanwhile answers COMPACTED. */
    KeyValue readValue(Revision revision) {
        byte[] stored;
        try {
            stored = db.get(values, revision.encode(false));
        } catch (RocksDBException e) {
            throw failure("cannot read", e);
        }
        if (stored == null) {
            throw EtcdError.COMPACTED.exception();
        }
        return decode(revision, stored);
    }

    void putValue(WriteBatch batch, Revision revision, boolean tombstone, KeyValue kv) throws RocksDBException {
        batch.put(values, revision.encode(tombstone), kv.toByteArray());
    }

    void putMeta(WriteBatch batch, String name, byte[] value) throws RocksDBException {
        batch.put(meta, MetaKeys.server(name), value);
    }

    void deleteMeta(WriteBatch batch, String name) throws RocksDBException {
        batch.delete(meta, MetaKeys.server(name));
    }

    /**
     * Writes a batch atomically with the revision and consistent index, then updates the index and publishes the new
     * revision; a compaction scheduled in the batch is applied to the index and its deletion handed to the compactor.
     */
    void commit(WriteBatch batch, List<MvccWriteBatch.Change> changes, long newRevision, long newConsistentIndex,
                MvccWriteBatch.ScheduledCompaction compaction) {
        long batchBytes;
        try {
            batch.put(meta, MetaKeys.REVISION, MetaKeys.encodeLong(newRevision));
            batch.put(meta, MetaKeys.CONSISTENT_INDEX, MetaKeys.encodeLong(newConsistentIndex));
            if (compaction != null) {
                batch.put(meta, MetaKeys.COMPACT_REVISION, MetaKeys.encodeLong(compaction.revision()));
            }
            batchBytes = batch.getDataSize();
            long start = System.nanoTime();
            db.write(writeOptions, batch);
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
            compactor.delete(compaction.revision(), removed, compaction.physicalDone());
        }
        diskUsage.recordWrite(batchBytes);
    }

    void deleteValues(List<KeyHistory.Removed> chunk) {
        try (WriteBatch batch = new WriteBatch()) {
            for (KeyHistory.Removed removed : chunk) {
                batch.delete(values, removed.revision().encode(removed.tombstone()));
            }
            db.write(writeOptions, batch);
        } catch (RocksDBException e) {
            throw failure("cannot compact", e);
        }
    }

    MvccStorageException failure(String what, Exception cause) {
        return new MvccStorageException(what + " the MVCC store in data dir " + dir + ": " + cause.getMessage(), cause);
    }

    private KeyValue decode(Revision revision, byte[] stored) {
        try {
            return KeyValue.parseFrom(stored);
        } catch (InvalidProtocolBufferException e) {
            throw new MvccStorageException("corrupt value at revision " + revision.main() + "." + revision.sub()
                    + " in data dir " + dir, e);
        }
    }

    private long readLong(byte[] key, long absent) {
        try {
            byte[] stored = db.get(meta, key);
            return stored == null ? absent : MetaKeys.decodeLong(stored);
        } catch (RocksDBException e) {
            throw failure("cannot read metadata from", e);
        }
    }

}
