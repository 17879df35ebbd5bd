package dev.cairn.node.apply;

import static dev.cairn.node.apply.KvFixture.assertFails;
import static dev.cairn.node.apply.KvFixture.bs;
import static dev.cairn.node.apply.KvFixture.keys;
import static dev.cairn.node.apply.KvFixture.values;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.node.error.EtcdError;
import dev.cairn.node.proto.etcdserverpb.RangeRequest;
import dev.cairn.node.proto.etcdserverpb.RangeRequest.SortOrder;
import dev.cairn.node.proto.etcdserverpb.RangeRequest.SortTarget;
import dev.cairn.node.proto.etcdserverpb.RangeResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RangeSemanticsTest {
    @TempDir
    Path dir;
    KvFixture kv;

    /** a@2 "3", b@3 "1", c@4 "2", then a@5 "0": a has version 2, create 2, mod 5. */
    @BeforeEach
    void setUp() {
        kv = new KvFixture(dir);
        kv.put("a", "3");
        kv.put("b", "1");
        kv.put("c", "2");
        kv.put("a", "0");
        kv.put("other", "x");
    }

    @AfterEach
    void tearDown() {
        kv.close();
    }

    private static RangeRequest.Builder abc() {
        return RangeRequest.newBuilder().setKey(bs("a")).setRangeEnd(bs("d"));
    }

    @Test
    void rangeEndConventions() {
        assertThat(keys(kv.range("a", "").getKvsList())).containsExactly("a");
        assertThat(keys(kv.range("b", "d").getKvsList())).containsExactly("b", "c");
        assertThat(keys(kv.range("b", "\0").getKvsList())).containsExactly("b", "c", "other");
        assertThat(keys(kv.range("\0", "\0").getKvsList())).containsExactly("a", "b", "c", "other");
        assertThat(kv.range("c", "a").getKvsList()).isEmpty();
        assertThat(kv.range("c", "c").getCount()).isZero();
        assertThat(kv.range("zz", "").getKvsList()).isEmpty();
    }

    @Test
    void readsAtARevisionReportTheCurrentRevisionInTheHeader() {
        RangeResponse old = kv.range(abc().setRevision(3).build());
        assertThat(keys(old.getKvsList())).containsExactly("a", "b");
        assertThat(values(old.getKvsList())).containsExactly("3", "1");
        assertThat(old.getHeader().getRevision()).isEqualTo(6);
        assertThat(kv.range(abc().build()).getHeader().getRevision()).isEqualTo(6);
        assertFails(EtcdError.FUTURE_REV, () -> kv.range(abc().setRevision(7).build()));
    }

    @Test
    void compactedRevisionsAreRefusedButTheCompactRevisionItselfIsReadable() {
        kv.compact(4);
        assertFails(EtcdError.COMPACTED, () -> kv.range(abc().setRevision(3).build()));
        assertThat(values(kv.range(abc().setRevision(4).build()).getKvsList())).containsExactly("3", "1", "2");
    }

    @Test
    void limitSetsMoreAndCountIgnoresIt() {
        RangeResponse limited = kv.range(abc().setLimit(2).build());
        assertThat(keys(limited.getKvsList())).containsExactly("a", "b");
        assertThat(limited.getMore()).isTrue();
        assertThat(limited.getCount()).isEqualTo(3);

        RangeResponse exact = kv.range(abc().setLimit(3).build());
        assertThat(exact.getMore()).isFalse();
        assertThat(exact.getKvsCount()).isEqualTo(3);
    }

    @Test
    void sortsByEveryTarget() {
        assertThat(keys(kv.range(abc().setSortOrder(SortOrder.DESCEND).build()).getKvsList()))
                .containsExactly("c", "b", "a");
        assertThat(keys(kv.range(abc().setSortTarget(SortTarget.VALUE).setSortOrder(SortOrder.ASCEND).build())
                .getKvsList())).containsExactly("a", "b", "c");
        assertThat(keys(kv.range(abc().setSortTarget(SortTarget.MOD).setSortOrder(SortOrder.DESCEND).build())
                .getKvsList())).containsExactly("a", "c", "b");
        assertThat(keys(kv.range(abc().setSortTarget(SortTarget.CREATE).setSortOrder(SortOrder.DESCEND).build())
                .getKvsList())).containsExactly("c", "b", "a");
        assertThat(keys(kv.range(abc().setSortTarget(SortTarget.VERSION).setSortOrder(SortOrder.DESCEND).build())
                .getKvsList()).getFirst()).isEqualTo("a");
    }

    @Test
    void noneOrderWithANonKeyTargetSortsAscending() {
        assertThat(keys(kv.range(abc().setSortTarget(SortTarget.MOD).build()).getKvsList()))
                .containsExactly("b", "c", "a");
    }

    @Test
    void sortingHappensBeforeTheLimit() {
        RangeResponse lastCreated = kv.range(abc().setSortTarget(SortTarget.CREATE).setSortOrder(SortOrder.DESCEND)
                .setLimit(1).build());
        assertThat(keys(lastCreated.getKvsList())).containsExactly("c");
        assertThat(lastCreated.getMore()).isTrue();
        assertThat(lastCreated.getCount()).isEqualTo(3);
    }

    @Test
    void revisionFiltersPruneWithoutChangingCount() {
        RangeResponse modded = kv.range(abc().setMinModRevision(4).build());
        assertThat(keys(modded.getKvsList())).containsExactly("a", "c");
        assertThat(modded.getCount()).isEqualTo(3);
        assertThat(keys(kv.range(abc().setMaxModRevision(3).build()).getKvsList())).containsExactly("b");
        assertThat(keys(kv.range(abc().setMinCreateRevision(3).build()).getKvsList())).containsExactly("b", "c");
        assertThat(keys(kv.range(abc().setMaxCreateRevision(3).build()).getKvsList())).containsExactly("a", "b");
        RangeResponse limited = kv.range(abc().setMaxCreateRevision(3).setLimit(1).build());
        assertThat(keys(limited.getKvsList())).containsExactly("a");
        assertThat(limited.getMore()).isTrue();
    }

    @Test
    void keysOnlyAndCountOnly() {
        RangeResponse keysOnly = kv.range(abc().setKeysOnly(true).build());
        assertThat(keys(keysOnly.getKvsList())).containsExactly("a", "b", "c");
        assertThat(keysOnly.getKvsList()).allSatisfy(k -> assertThat(k.getValue().isEmpty()).isTrue());
        assertThat(keysOnly.getKvs(0).getModRevision()).isEqualTo(5);

        RangeResponse countOnly = kv.range(abc().setCountOnly(true).setLimit(1).build());
        assertThat(countOnly.getKvsList()).isEmpty();
        assertThat(countOnly.getCount()).isEqualTo(3);
        assertThat(countOnly.getMore()).isFalse();
    }

    @Test
    void unknownSortEnumsAreRejected() {
        assertFails(EtcdError.INVALID_SORT_OPTION, () -> kv.range(abc().setSortOrderValue(7).build()));
        assertFails(EtcdError.INVALID_SORT_OPTION, () -> kv.range(abc().setSortTargetValue(9).build()));
    }
}
