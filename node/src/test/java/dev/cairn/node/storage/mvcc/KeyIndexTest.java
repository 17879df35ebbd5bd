package dev.cairn.node.storage.mvcc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class KeyIndexTest {
    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static Revision r(long main) {
        return new Revision(main, 0);
    }

    /** put@2, put@3, delete@4, put@6, put@7: two generations, the first closed by a tombstone. */
    private static KeyHistory recreated() {
        KeyHistory history = new KeyHistory();
        history.put(r(2));
        history.put(r(3));
        history.tombstone(r(4));
        history.put(r(6));
        history.put(r(7));
        return history;
    }

    @Test
    void findsTheLatestRevisionAtOrBeforeAndHidesDeletedKeys() {
        KeyHistory history = recreated();

        assertThat(history.generationCount()).isEqualTo(2);
        assertThat(history.find(1)).isEmpty();
        assertThat(history.find(2)).contains(r(2));
        assertThat(history.find(3)).contains(r(3));
        assertThat(history.find(4)).isEmpty();
        assertThat(history.find(5)).isEmpty();
        assertThat(history.find(6)).contains(r(6));
        assertThat(history.find(100)).contains(r(7));
        assertThat(history.isLive()).isTrue();
    }

    @Test
    void compactionKeepsTheLatestLiveRevisionAndDropsTombstones() {
        KeyHistory history = recreated();

        assertThat(history.compact(3)).containsExactly(new KeyHistory.Removed(r(2), false));
        assertThat(history.find(3)).contains(r(3));

        assertThat(history.compact(5)).containsExactly(
                new KeyHistory.Removed(r(3), false), new KeyHistory.Removed(r(4), true));
        assertThat(history.generationCount()).isEqualTo(1);
        assertThat(history.find(5)).isEmpty();
        assertThat(history.find(6)).contains(r(6));

        assertThat(history.compact(7)).containsExactly(new KeyHistory.Removed(r(6), false));
        assertThat(history.find(7)).contains(r(7));
        assertThat(history.compact(100)).isEmpty();
    }

    @Test
    void compactingPastAFinalTombstoneEmptiesTheHistory() {
        KeyHistory history = new KeyHistory();
        history.put(r(2));
        history.tombstone(r(3));

        assertThat(history.compact(2)).isEmpty();
        assertThat(history.compact(3)).hasSize(2);
        assertThat(history.isEmpty()).isTrue();
    }

    @Test
    void indexRangesAtRevisionsAndForgetsFullyCompactedKeys() {
        KeyIndex index = new KeyIndex();
        index.put(b("a"), r(2));
        index.put(b("b"), r(3));
        index.put(b("c"), r(4));
        index.tombstone(b("b"), r(5));

        assertThat(keys(index.range(KeyRange.of(b("a"), b("\0")), 4))).containsExactly("a", "b", "c");
        assertThat(keys(index.range(KeyRange.of(b("a"), b("\0")), 5))).containsExactly("a", "c");
        assertThat(keys(index.range(KeyRange.of(b("b"), b("c")), 3))).containsExactly("b");
        assertThat(keys(index.range(KeyRange.of(b("c"), b("a")), 5))).isEmpty();

        index.compact(5);
        assertThat(index.keyCount()).isEqualTo(2);
        assertThat(index.history(b("b"))).isNull();
    }

    @Test
    void restoredTombstoneWithoutItsPutsIsRemovedByCompaction() {
        KeyIndex index = new KeyIndex();
        index.restoreTombstone(b("gone"), r(4));

        assertThat(index.range(KeyRange.of(b("gone"), b("")), 10)).isEmpty();
        assertThat(index.compact(4)).containsExactly(new KeyHistory.Removed(r(4), true));
        assertThat(index.keyCount()).isZero();
    }

    @Test
    void keysAreOrderedAsUnsignedBytes() {
        KeyIndex index = new KeyIndex();
        index.put(new byte[] {(byte) 0xff}, r(2));
        index.put(new byte[] {0x01}, r(3));

        List<KeyIndex.Entry> entries = index.range(KeyRange.of(new byte[] {0}, new byte[] {0}), 3);
        assertThat(entries).extracting(e -> e.key()[0]).containsExactly((byte) 0x01, (byte) 0xff);
    }

    private static List<String> keys(List<KeyIndex.Entry> entries) {
        return entries.stream().map(e -> new String(e.key(), StandardCharsets.UTF_8)).toList();
    }

    @Test
    void countsTheKeysThatHoldAValueNowAsEtcdsKeysGauge() {
        KeyIndex index = new KeyIndex();
        index.put(b("a"), r(2));
        index.put(b("a"), r(3));       // an update is not a new key
        index.put(b("b"), r(4));
        assertThat(index.liveKeyCount()).isEqualTo(2);
        index.tombstone(b("a"), r(5));
        assertThat(index.liveKeyCount()).isEqualTo(1);
        index.put(b("a"), r(6));       // recreated: live again
        index.compact(6);
        assertThat(index.liveKeyCount()).isEqualTo(2);

        KeyIndex rebuilt = new KeyIndex(); // as loaded from the store, a tombstone may come without its puts
        rebuilt.restoreTombstone(b("c"), r(3));
        rebuilt.put(b("d"), r(4));
        rebuilt.restoreTombstone(b("d"), r(5));
        rebuilt.put(b("e"), r(6));
        assertThat(rebuilt.liveKeyCount()).isEqualTo(1);
    }
}
