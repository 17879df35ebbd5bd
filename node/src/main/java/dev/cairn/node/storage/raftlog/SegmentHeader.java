package dev.cairn.node.storage.raftlog;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.zip.CRC32C;

/**
 * The fixed header at the start of every segment file: magic, format version, the index its first entry must
 * have, and the term of the entry just before it (so the log still knows that term after older segments are
 * released), protected by a CRC32C of the preceding bytes.
 */
record SegmentHeader(long firstIndex, long previousTerm) {
    static final int SIZE = 4 + 4 + 8 + 8 + 4;
    private static final int MAGIC = 0x43524c47; // "CRLG"
    private static final int VERSION = 1;

    void writeTo(ByteBuffer target) {
        int start = target.position();
        target.putInt(MAGIC).putInt(VERSION).putLong(firstIndex).putLong(previousTerm);
        target.putInt(crcOf(target, start));
    }

    /** Decodes the header at the start of {@code bytes}, which must hold at least {@link #SIZE} bytes. */
    static SegmentHeader read(ByteBuffer bytes, Path file) {
        if (bytes.getInt(0) != MAGIC) {
            throw new RaftLogCorruptedException(file, 0, "bad segment header magic");
        }
        int storedCrc = bytes.getInt(SIZE - 4);
        if (storedCrc != crcOf(bytes, 0)) {
            throw new RaftLogCorruptedException(file, 0, "segment header checksum mismatch");
        }
        int version = bytes.getInt(4);
        if (version != VERSION) {
            throw new RaftLogCorruptedException(file, 4, "unsupported segment format version " + version);
        }
        long firstIndex = bytes.getLong(8);
        long previousTerm = bytes.getLong(16);
        if (firstIndex < 1 || previousTerm < 0) {
            throw new RaftLogCorruptedException(file, 8, "segment header holds first index " + firstIndex
                    + " and previous term " + previousTerm);
        }
        return new SegmentHeader(firstIndex, previousTerm);
    }

    private static int crcOf(ByteBuffer bytes, int start) {
        CRC32C crc = new CRC32C();
        crc.update(bytes.duplicate().position(start).limit(start + SIZE - 4));
        return (int) crc.getValue();
    }
}
