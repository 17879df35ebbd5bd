package dev.cairn.node.storage.raftlog;

import com.google.protobuf.CodedOutputStream;
import dev.cairn.node.proto.raft.LogRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * Frames records as [u32 length][u32 CRC32C of payload][payload] into one reusable buffer, so a whole batch is
 * written with a single system call. The top bit of the length marks the last record of a save: recovery keeps
 * only complete saves, so a crash can never leave half of a Ready (say, a hard state whose commit index points
 * past the entries that did reach the disk).
 */
final class RecordEncoder {
    static final int FRAME_HEADER_SIZE = 8;
    static final int SAVE_END_FLAG = 0x8000_0000;
    static final int LENGTH_MASK = 0x7fff_ffff;

    private final CRC32C crc = new CRC32C();
    private ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
    private int lastFrameStart = -1;

    void reset() {
        buffer.clear();
        lastFrameStart = -1;
    }

    void appendHeader(SegmentHeader header) {
        ensureRoom(SegmentHeader.SIZE);
        header.writeTo(buffer);
    }

    void append(LogRecord record) {
        int size = record.getSerializedSize();
        ensureRoom(FRAME_HEADER_SIZE + size);
        int frameStart = buffer.position();
        int payloadStart = frameStart + FRAME_HEADER_SIZE;
        try {
            CodedOutputStream out = CodedOutputStream.newInstance(buffer.array(), payloadStart, size);
            record.writeTo(out);
            out.checkNoSpaceLeft();
        } catch (IOException e) {
            throw new UncheckedIOException("encoding a log record into memory failed", e);
        }
        crc.reset();
        crc.update(buffer.array(), payloadStart, size);
        buffer.putInt(frameStart, size).putInt(frameStart + 4, (int) crc.getValue());
        buffer.position(payloadStart + size);
        lastFrameStart = frameStart;
    }

    /** Flags the record appended last as the end of a save. */
    void markSaveEnd() {
        if (lastFrameStart < 0) {
            throw new IllegalStateException("no record to mark as the end of a save");
        }
        buffer.putInt(lastFrameStart, buffer.getInt(lastFrameStart) | SAVE_END_FLAG);
    }

    /** The bytes appended since the last reset, ready to be written. */
    ByteBuffer encoded() {
        return buffer.duplicate().flip();
    }

    private void ensureRoom(int bytes) {
        if (buffer.remaining() >= bytes) {
            return;
        }
        long needed = (long) buffer.position() + bytes;
        if (needed > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("a single save may not exceed 2 GiB");
        }
        ByteBuffer larger = ByteBuffer.allocate((int) Math.min(Integer.MAX_VALUE - 8,
                Math.max(needed, 2L * buffer.capacity())));
        larger.put(buffer.flip());
        buffer = larger;
    }
}
