package dev.cairn.node.storage.mvcc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.DBOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;

/**
 * The native handles of one open RocksDB instance of the store: the database and its column families
 * ({@code default}, {@code values}, {@code meta}). Closing them while a thread still uses them crashes the JVM, so
 * {@link MvccStore} closes them only under its exclusive lock.
 */
final class StoreHandles implements AutoCloseable {
    final DBOptions options;
    final List<ColumnFamilyHandle> families;
    final RocksDB db;
    final ColumnFamilyHandle values;
    final ColumnFamilyHandle meta;

    private StoreHandles(DBOptions options, List<ColumnFamilyHandle> families, RocksDB db) {
        this.options = options;
        this.families = List.copyOf(families);
        this.db = db;
        this.values = families.get(1);
        this.meta = families.get(2);
    }

    /** Opens (creating if absent) the store's database in {@code dir}. */
    static StoreHandles open(Path dir) {
        DBOptions options = new DBOptions().setCreateIfMissing(true).setCreateMissingColumnFamilies(true);
        List<ColumnFamilyHandle> families = new ArrayList<>();
        try {
            Files.createDirectories(dir);
            RocksDB db = RocksDB.open(options, dir.toString(), columnFamilies(), families);
            return new StoreHandles(options, families, db);
        } catch (RocksDBException | IOException e) {
            options.close();
            throw new MvccStorageException("cannot open the MVCC store in data dir " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Opens a copy of the store (a checkpoint) read-only; fails if it is not one. */
    static StoreHandles openReadOnly(Path dir) {
        DBOptions options = new DBOptions();
        List<ColumnFamilyHandle> families = new ArrayList<>();
        try {
            return new StoreHandles(options, families,
                    RocksDB.openReadOnly(options, dir.toString(), columnFamilies(), families));
        } catch (RocksDBException e) {
            options.close();
            throw new MvccStorageException("cannot read the state store copy in " + dir + ": " + e.getMessage(), e);
        }
    }

    static List<ColumnFamilyDescriptor> columnFamilies() {
        return List.of(
                new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY),
                new ColumnFamilyDescriptor(MetaKeys.utf8("values")),
                new ColumnFamilyDescriptor(MetaKeys.utf8("meta")));
    }

    /** A number stored under {@code key} in the meta column family, or {@code absent}. */
    long readLong(byte[] key, long absent) throws RocksDBException {
        byte[] stored = db.get(meta, key);
        return stored == null ? absent : MetaKeys.decodeLong(stored);
    }

    @Override
    public void close() {
        families.forEach(ColumnFamilyHandle::close);
        db.close();
        options.close();
    }
}
