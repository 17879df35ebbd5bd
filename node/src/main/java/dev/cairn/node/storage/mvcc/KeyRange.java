package dev.cairn.node.storage.mvcc;

import java.util.Arrays;
import java.util.Comparator;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * etcd's key range conventions: an empty end selects the key alone, an end of one zero byte selects every key from
 * the start on, any other end selects the half-open interval [start, end), which is empty when end <= start.
 */
public record KeyRange(byte[] start, byte[] end) {
    /** Unsigned lexicographic byte order, the order etcd keeps keys in. */
    public static final Comparator<byte[]> ORDER = Arrays::compareUnsigned;

    public static KeyRange of(byte[] key, byte[] rangeEnd) {
        return new KeyRange(key, rangeEnd);
    }

    public boolean isSingleKey() {
        return end.length == 0;
    }

    public boolean isOpenEnded() {
        return end.length == 1 && end[0] == 0;
    }

    /** True when the range can hold no key at all. */
    public boolean isEmpty() {
        return !isSingleKey() && !isOpenEnded() && ORDER.compare(end, start) <= 0;
    }

    /** The entries of a map ordered by {@link #ORDER} whose keys lie in this range. */
    public <V> NavigableMap<byte[], V> select(NavigableMap<byte[], V> map) {
        if (isEmpty()) {
            return new TreeMap<>(ORDER);
        }
        if (isSingleKey()) {
            return map.subMap(start, true, start, true);
        }
        if (isOpenEnded()) {
            return map.tailMap(start, true);
        }
        return map.subMap(start, true, end, false);
    }
}
