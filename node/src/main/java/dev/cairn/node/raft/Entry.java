package dev.cairn.node.raft;

import java.util.Arrays;
import java.util.Objects;

/**
 * One Raft log entry. The data array is owned by the entry once constructed: callers must not mutate it.
 * Equality compares the data by content so that entries read back from disk equal the ones written.
 */
public record Entry(long term, long index, EntryType type, byte[] data) {
    private static final byte[] EMPTY = new byte[0];

    public Entry {
        Objects.requireNonNull(type, "type");
        if (term < 0 || index < 1) {
            throw new IllegalArgumentException("invalid entry term " + term + " index " + index);
        }
        data = data == null ? EMPTY : data;
    }

    /** Bytes this entry counts for against size limits (the payload only, like etcd). */
    public long payloadSize() {
        return data.length;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Entry e && e.term == term && e.index == index && e.type == type
                && Arrays.equals(e.data, data);
    }

    @Override
    public int hashCode() {
        return Objects.hash(term, index, type, Arrays.hashCode(data));
    }

    @Override
    public String toString() {
        return "Entry[term=" + term + ", index=" + index + ", type=" + type + ", " + data.length + " bytes]";
    }
}
