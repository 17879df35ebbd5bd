package dev.cairn.node.storage.raftlog;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.cairn.node.proto.raft.LogRecord;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * Reads one segment file record by record and tells a torn tail from corruption. Zeros after the last complete save
 * of the last segment are the unwritten rest of a preallocated segment: the data ends there. Damage is a torn write (from a
 * crash during the last save) only when it is in the last segment and no valid record frame follows it; anything
 * else is corruption and raises {@link RaftLogCorruptedException}. A torn tail is cut back to the end of the last
 * complete save, so records of a half-written save are dropped together.
 */
final class SegmentScanner {
    /** Receives the segment's header, then each valid record with the file offset of its frame. */
    interface RecordVisitor {
        void header(SegmentHeader header);

        void record(LogRecord record, long offset);
    }

    /**
     * What a scan found: the header (null when a crash left the last segment without a complete one), how many
     * leading bytes hold valid data, and why the rest was rejected (null when the whole file was valid).
     */
    record Outcome(SegmentHeader header, long validLength, String tornReason) {
        boolean isTorn() {
            return tornReason != null;
        }
    }

    private final CRC32C crc = new CRC32C();
    private ByteBuffer content = ByteBuffer.allocate(0);

    Outcome scan(Path file, boolean isLastSegment, RecordVisitor visitor) {
        ByteBuffer bytes = readFully(file);
        int size = bytes.limit();
        if (size < SegmentHeader.SIZE || isZeroFrom(bytes, 0)) {
            if (!isLastSegment) {
                throw new RaftLogCorruptedException(file, 0, "segment header missing (file has " + size
                        + " bytes) in a segment that is not the last");
            }
            return new Outcome(null, 0, "segment header incomplete");
        }
        SegmentHeader header = SegmentHeader.read(bytes, file);
        visitor.header(header);
        // Records of a save are handed on only once its last record (flagged) has been read intact.
        List<LogRecord> saveRecords = new ArrayList<>();
        List<Integer> saveOffsets = new ArrayList<>();
        int completeSavesEnd = SegmentHeader.SIZE;
        int position = SegmentHeader.SIZE;
        while (position < size) {
            if (isUnwrittenFrom(bytes, position)) {
                if (!isLastSegment) {
                    throw new RaftLogCorruptedException(file, position,
                            "zero-filled tail in a segment that is not the last");
                }
                break; // the rest of a preallocated segment, never written
            }
            String problem = frameProblem(bytes, position);
            if (problem != null) {
                return tornOrCorrupt(file, bytes, isLastSegment, header, position, completeSavesEnd, problem);
            }
            int rawLength = bytes.getInt(position);
            int length = rawLength & RecordEncoder.LENGTH_MASK;
            LogRecord record = parse(bytes, position + RecordEncoder.FRAME_HEADER_SIZE, length);
            if (record == null) {
                // The checksum matched, so these are the bytes that were written: not a torn write.
                throw new RaftLogCorruptedException(file, position, "record payload is not a log record");
            }
            saveRecords.add(record);
            saveOffsets.add(position);
            position += RecordEncoder.FRAME_HEADER_SIZE + length;
            if ((rawLength & RecordEncoder.SAVE_END_FLAG) != 0) {
                for (int i = 0; i < saveRecords.size(); i++) {
                    visitor.record(saveRecords.get(i), saveOffsets.get(i));
                }
                saveRecords.clear();
                saveOffsets.clear();
                completeSavesEnd = position;
            }
        }
        if (!saveRecords.isEmpty()) {
            if (!isLastSegment) {
                throw new RaftLogCorruptedException(file, completeSavesEnd,
                        "incomplete save in a segment that is not the last");
            }
            return new Outcome(header, completeSavesEnd, "the last save is incomplete");
        }
        return new Outcome(header, position, null);
    }

    /** Whether only zeros follow: no frame starts with a zero length, so this is checked only where one does. */
    private static boolean isUnwrittenFrom(ByteBuffer bytes, int position) {
        boolean zeroLength = bytes.limit() - position < RecordEncoder.FRAME_HEADER_SIZE || bytes.getInt(position) == 0;
        return zeroLength && isZeroFrom(bytes, position);
    }

    private Outcome tornOrCorrupt(Path file, ByteBuffer bytes, boolean isLastSegment, SegmentHeader header,
                                  int position, int completeSavesEnd, String problem) {
        if (!isLastSegment) {
            throw new RaftLogCorruptedException(file, position, problem + " in a segment that is not the last");
        }
        long validAfter = findValidFrameAfter(bytes, position + 1);
        if (validAfter >= 0) {
            throw new RaftLogCorruptedException(file, position, problem + ", followed by a valid record at offset "
                    + validAfter);
        }
        return new Outcome(header, completeSavesEnd, problem + " at offset " + position);
    }

    /** Why no valid frame starts at {@code position}, or null when its length and checksum are sound. */
    private String frameProblem(ByteBuffer bytes, int position) {
        int remaining = bytes.limit() - position;
        if (remaining < RecordEncoder.FRAME_HEADER_SIZE) {
            return "incomplete record frame";
        }
        int length = bytes.getInt(position) & RecordEncoder.LENGTH_MASK;
        if (length == 0) {
            return "record of length 0";
        }
        if (length > remaining - RecordEncoder.FRAME_HEADER_SIZE) {
            return "record length " + length + " runs past the end of the file";
        }
        if (checksum(bytes, position + RecordEncoder.FRAME_HEADER_SIZE, length) != bytes.getInt(position + 4)) {
            return "record checksum mismatch";
        }
        return null;
    }

    /** Offset of the first well-formed, checksummed frame at or after {@code from}, or -1. */
    private long findValidFrameAfter(ByteBuffer bytes, int from) {
        for (int position = from; position <= bytes.limit() - RecordEncoder.FRAME_HEADER_SIZE; position++) {
            int length = bytes.getInt(position) & RecordEncoder.LENGTH_MASK;
            if (length > 0 && frameProblem(bytes, position) == null
                    && parse(bytes, position + RecordEncoder.FRAME_HEADER_SIZE, length) != null) {
                return position;
            }
        }
        return -1;
    }

    private int checksum(ByteBuffer bytes, int offset, int length) {
        crc.reset();
        crc.update(bytes.duplicate().position(offset).limit(offset + length));
        return (int) crc.getValue();
    }

    private static LogRecord parse(ByteBuffer bytes, int offset, int length) {
        try {
            LogRecord record = LogRecord.parseFrom(bytes.duplicate().position(offset).limit(offset + length));
            return record.getRecordCase() == LogRecord.RecordCase.RECORD_NOT_SET ? null : record;
        } catch (InvalidProtocolBufferException e) {
            return null;
        }
    }

    private static boolean isZeroFrom(ByteBuffer bytes, int from) {
        int i = from;
        for (; i + Long.BYTES <= bytes.limit(); i += Long.BYTES) {
            if (bytes.getLong(i) != 0) {
                return false;
            }
        }
        for (; i < bytes.limit(); i++) {
            if (bytes.get(i) != 0) {
                return false;
            }
        }
        return true;
    }

    private ByteBuffer readFully(Path file) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            if (size > Integer.MAX_VALUE - 8) {
                throw new RaftLogCorruptedException(file, 0, "segment of " + size + " bytes is too large");
            }
            if (content.capacity() < size) {
                content = ByteBuffer.allocate((int) size);
            }
            content.clear().limit((int) size);
            while (content.hasRemaining()) {
                if (channel.read(content) < 0) {
                    throw new IOException("file shrank while reading");
                }
            }
            return content.flip();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot read raft log segment " + file, e);
        }
    }
}
