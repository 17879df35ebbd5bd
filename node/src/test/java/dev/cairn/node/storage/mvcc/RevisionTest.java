package dev.cairn.node.storage.mvcc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class RevisionTest {
    @Test
    void roundTripsAndMarksTombstones() {
        Revision revision = new Revision(0x0102030405060708L, 3);
        byte[] put = revision.encode(false);
        byte[] tombstone = revision.encode(true);

        assertThat(put).hasSize(16);
        assertThat(tombstone).hasSize(17);
        assertThat(Revision.decode(put)).isEqualTo(revision);
        assertThat(Revision.decode(tombstone)).isEqualTo(revision);
        assertThat(Revision.isTombstone(put)).isFalse();
        assertThat(Revision.isTombstone(tombstone)).isTrue();
        assertThat(Arrays.copyOf(put, 8)).containsExactly(1, 2, 3, 4, 5, 6, 7, 8);
    }

    @Test
    void encodedBytesSortLikeRevisions() {
        Revision[] ordered = {new Revision(1, 0), new Revision(1, 1), new Revision(2, 0), new Revision(256, 0),
                new Revision(1L << 40, 7)};
        for (int i = 1; i < ordered.length; i++) {
            assertThat(ordered[i - 1]).isLessThan(ordered[i]);
            assertThat(Arrays.compareUnsigned(ordered[i - 1].encode(true), ordered[i].encode(false))).isNegative();
        }
    }
}
