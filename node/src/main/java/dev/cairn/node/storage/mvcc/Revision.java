package dev.cairn.node.storage.mvcc;

import java.nio.ByteBuffer;

/**
 * A point in the store's history: the main revision of a write request and the sub revision of one change within it.
 * Encoded as RocksDB keys (8 bytes big-endian main, 8 bytes big-endian sub, plus one marker byte for a tombstone), so
 * the values column family is ordered by revision.
 */
public record Revision(long main, long sub) implements Comparable<Revision> {
    static final int ENCODED_LENGTH = 16;
    private static final byte TOMBSTONE_MARKER = 't';

    /** The RocksDB key of this revision; a tombstone carries one extra marker byte. */
    public byte[] encode(boolean tombstone) {
        ByteBuffer buffer = ByteBuffer.allocate(ENCODED_LENGTH + (tombstone ? 1 : 0));
        buffer.putLong(main).putLong(sub);
        if (tombstone) {
            buffer.put(TOMBSTONE_MARKER);
        }
        return buffer.array();
    }

    /** Decodes a key written by {@link #encode(boolean)}. */
    public static Revision decode(byte[] encoded) {
        if (encoded.length != ENCODED_LENGTH && !isTombstone(encoded)) {
            throw new IllegalArgumentException("not a revision key: " + encoded.length + " bytes");
        }
        ByteBuffer buffer = ByteBuffer.wrap(encoded);
        return new Revision(buffer.getLong(), buffer.getLong());
    }

    public static boolean isTombstone(byte[] encoded) {
        return encoded.length == ENCODED_LENGTH + 1 && encoded[ENCODED_LENGTH] == TOMBSTONE_MARKER;
    }

    @Override
    public int compareTo(Revision other) {
        int byMain = Long.compare(main, other.main);
        return byMain != 0 ? byMain : Long.compare(sub, other.sub);
    }
}
