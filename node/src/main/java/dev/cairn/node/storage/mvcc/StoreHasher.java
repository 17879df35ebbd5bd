package dev.cairn.node.storage.mvcc;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.zip.CRC32C;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Snapshot;

/**
 * CRC-32C (Castagnoli, as etcd) hashes over a RocksDB snapshot. Both hash the logical content (keys and values in
 * key order), never files, so two members with the same history agree whatever their physical layout.
 */
final class StoreHasher {
    private final RocksDB db;

    StoreHasher(RocksDB db) {
        this.db = db;
    }

    /**
     * Hashes the revision-keyed values with main revision at most {@code atMain}. Revisions at or below
     * {@code compactMain} count only if compaction keeps them ({@code kept}), so the hash does not depend on how far
     * the physical deletion of a compaction has got.
     */
    int hashValues(Snapshot snapshot, ColumnFamilyHandle values, long atMain, long compactMain, Set<Revision> kept) {
        CRC32C crc = new CRC32C();
        try (ReadOptions read = new ReadOptions().setSnapshot(snapshot); RocksIterator it = db.newIterator(values, read)) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
                byte[] key = it.key();
                Revision revision = Revision.decode(key);
                if (revision.main() > atMain) {
                    break;
                }
                if (revision.main() <= compactMain && !kept.contains(revision)) {
                    continue;
                }
                crc.update(key);
                crc.update(it.value());
            }
        }
        return (int) crc.getValue();
    }

    /** Hashes every column family (its name, then its keys and values) except the ignored meta keys. */
    int hashAll(Snapshot snapshot, List<ColumnFamilyHandle> families, ColumnFamilyHandle meta, List<byte[]> ignoredMeta) {
        CRC32C crc = new CRC32C();
        try (ReadOptions read = new ReadOptions().setSnapshot(snapshot)) {
            for (ColumnFamilyHandle family : families) {
                crc.update(family.getName());
                try (RocksIterator it = db.newIterator(family, read)) {
                    for (it.seekToFirst(); it.isValid(); it.next()) {
                        byte[] key = it.key();
                        if (family == meta && ignoredMeta.stream().anyMatch(ignored -> Arrays.equals(ignored, key))) {
                            continue;
                        }
                        crc.update(key);
                        crc.update(it.value());
                    }
                }
            }
        } catch (RocksDBException e) {
            throw new MvccStorageException("cannot read a column family name: " + e.getMessage(), e);
        }
        return (int) crc.getValue();
    }
}
