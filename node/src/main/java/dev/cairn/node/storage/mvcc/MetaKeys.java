package dev.cairn.node.storage.mvcc;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** Keys and encodings of the {@code meta} column family. */
final class MetaKeys {
    static final byte[] REVISION = utf8("mvcc/revision");
    static final byte[] CONSISTENT_INDEX = utf8("mvcc/consistent_index");
    /** Written when a compaction is scheduled; the physical deletion is redone at open until done. */
    static final byte[] COMPACT_REVISION = utf8("mvcc/compact_revision");
    private static final String SERVER_PREFIX = "server/";

    private MetaKeys() {}

    /** Server metadata lives under its own prefix so it can never collide with the store's own keys. */
    static byte[] server(String name) {
        return utf8(SERVER_PREFIX + name);
    }

    static String serverName(byte[] key) {
        return new String(key, SERVER_PREFIX.length(), key.length - SERVER_PREFIX.length(), StandardCharsets.UTF_8);
    }

    static byte[] encodeLong(long value) {
        return ByteBuffer.allocate(Long.BYTES).putLong(value).array();
    }

    static long decodeLong(byte[] stored) {
        return ByteBuffer.wrap(stored).getLong();
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
