package dev.cairn.node.linearizability;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

/**
 * The memo of the search: every (set of linearized operations, register state) pair already explored, so a pair
 * reached again along another order is not searched twice.
 *
 * <p>A set is stored compactly and exactly: as its frontier (the lowest operation, in invocation order, not yet
 * linearized; every operation below it is) and the few linearized operations above the frontier. The search keeps
 * only as many of those as there are concurrent or unknown operations, so a state costs tens of bytes, not a bitset
 * over the whole history.
 */
final class ExploredStates {
    private final Set<Key> seen = new HashSet<>();

    /** Records the pair; false if it was explored before. */
    boolean add(long[] linearized, int state) {
        return seen.add(Key.of(linearized, state));
    }

    int size() {
        return seen.size();
    }

    private record Key(int[] packed, int hash) {
        static Key of(long[] bits, int state) {
            int frontier = firstClear(bits);
            int extras = 0;
            for (int word = frontier >>> 6; word < bits.length; word++) {
                extras += Long.bitCount(word == frontier >>> 6 ? bits[word] & (-1L << frontier) : bits[word]);
            }
            int[] packed = new int[2 + extras];
            packed[0] = state;
            packed[1] = frontier;
            int next = 2;
            for (int word = frontier >>> 6; word < bits.length; word++) {
                long remaining = word == frontier >>> 6 ? bits[word] & (-1L << frontier) : bits[word];
                while (remaining != 0) {
                    packed[next++] = (word << 6) + Long.numberOfTrailingZeros(remaining);
                    remaining &= remaining - 1;
                }
            }
            return new Key(packed, Arrays.hashCode(packed));
        }

        private static int firstClear(long[] bits) {
            for (int word = 0; word < bits.length; word++) {
                if (bits[word] != -1L) {
                    return (word << 6) + Long.numberOfTrailingZeros(~bits[word]);
                }
            }
            return bits.length << 6;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && hash == key.hash && Arrays.equals(packed, key.packed);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }
}
