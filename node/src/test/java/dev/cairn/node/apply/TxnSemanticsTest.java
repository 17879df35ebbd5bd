package dev.cairn.node.apply;

import static dev.cairn.node.apply.KvFixture.assertFails;
import static dev.cairn.node.apply.KvFixture.bs;
import static dev.cairn.node.apply.KvFixture.keys;
import static dev.cairn.node.apply.KvFixture.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.node.error.EtcdError;
import dev.cairn.node.proto.etcdserverpb.Compare;
import dev.cairn.node.proto.etcdserverpb.Compare.CompareResult;
import dev.cairn.node.proto.etcdserverpb.Compare.CompareTarget;
import dev.cairn.node.proto.etcdserverpb.DeleteRangeRequest;
import dev.cairn.node.proto.etcdserverpb.PutRequest;
import dev.cairn.node.proto.etcdserverpb.RangeRequest;
import dev.cairn.node.proto.etcdserverpb.RequestOp;
import dev.cairn.node.proto.etcdserverpb.TxnRequest;
import dev.cairn.node.proto.etcdserverpb.TxnResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TxnSemanticsTest {
    @TempDir
    Path dir;
    KvFixture kv;

    @BeforeEach
    void setUp() {
        kv = new KvFixture(dir);
    }

    @AfterEach
    void tearDown() {
        kv.close();
    }

    private static RequestOp put(String key, String value) {
        return RequestOp.newBuilder()
                .setRequestPut(PutRequest.newBuilder().setKey(bs(key)).setValue(bs(value))).build();
    }

    private static RequestOp range(String key, String end) {
        return RequestOp.newBuilder()
                .setRequestRange(RangeRequest.newBuilder().setKey(bs(key)).setRangeEnd(bs(end))).build();
    }

    private static RequestOp delete(String key) {
        return RequestOp.newBuilder().setRequestDeleteRange(DeleteRangeRequest.newBuilder().setKey(bs(key))).build();
    }

    private static RequestOp nested(TxnRequest txn) {
        return RequestOp.newBuilder().setRequestTxn(txn).build();
    }

    private static Compare.Builder compare(String key, CompareTarget target, CompareResult result) {
        return Compare.newBuilder().setKey(bs(key)).setTarget(target).setResult(result);
    }

    private static Compare modEquals(String key, long mod) {
        return compare(key, CompareTarget.MOD, CompareResult.EQUAL).setModRevision(mod).build();
    }

    private boolean holds(Compare c) {
        return kv.txn(TxnRequest.newBuilder().addCompare(c).build()).getSucceeded();
    }

    @Test
    void createIfAbsentReportsTheWrittenKeysRevision() {
        TxnResponse created = kv.txn(TxnRequest.newBuilder().addCompare(modEquals("k", 0))
                .addSuccess(put("k", "v")).addFailure(range("k", "")).build());

        assertThat(created.getSucceeded()).isTrue();
        assertThat(created.getHeader().getRevision()).isEqualTo(2);
        assertThat(kv.range("k", "").getKvs(0).getModRevision()).isEqualTo(2);
        assertThat(created.getResponses(0).getResponsePut().getHeader().getRevision()).isEqualTo(2);
    }

    @Test
    void failedCompareRunsTheFailureBranchWithoutABump() {
        kv.put("k", "v");
        TxnResponse conflict = kv.txn(TxnRequest.newBuilder().addCompare(modEquals("k", 0))
                .addSuccess(put("k", "w")).addFailure(range("k", "")).build());

        assertThat(conflict.getSucceeded()).isFalse();
        assertThat(conflict.getHeader().getRevision()).isEqualTo(2);
        assertThat(values(conflict.getResponses(0).getResponseRange().getKvsList())).containsExactly("v");
        assertThat(kv.store.currentRevision()).isEqualTo(2);
    }

    @Test
    void comparesEveryTargetWithEveryResult() {
        kv.leases.add(5L);
        kv.put("k", "m");
        kv.put(PutRequest.newBuilder().setKey(bs("k")).setValue(bs("m")).setLease(5).build()); // version 2, mod 3

        assertThat(holds(compare("k", CompareTarget.VERSION, CompareResult.EQUAL).setVersion(2).build())).isTrue();
        assertThat(holds(compare("k", CompareTarget.VERSION, CompareResult.GREATER).setVersion(1).build())).isTrue();
        assertThat(holds(compare("k", CompareTarget.VERSION, CompareResult.LESS).setVersion(2).build())).isFalse();
        assertThat(holds(compare("k", CompareTarget.CREATE, CompareResult.EQUAL).setCreateRevision(2).build()))
                .isTrue();
        assertThat(holds(compare("k", CompareTarget.MOD, CompareResult.NOT_EQUAL).setModRevision(3).build()))
                .isFalse();
        assertThat(holds(compare("k", CompareTarget.MOD, CompareResult.LESS).setModRevision(4).build())).isTrue();
        assertThat(holds(compare("k", CompareTarget.VALUE, CompareResult.GREATER).setValue(bs("a")).build()))
                .isTrue();
        assertThat(holds(compare("k", CompareTarget.VALUE, CompareResult.LESS).setValue(bs("n")).build())).isTrue();
        assertThat(holds(compare("k", CompareTarget.VALUE, CompareResult.EQUAL).setValue(bs("m")).build())).isTrue();
        assertThat(holds(compare("k", CompareTarget.LEASE, CompareResult.EQUAL).setLease(5).build())).isTrue();
    }

    @Test
    void aMissingKeyComparesAsZerosExceptForValue() {
        assertThat(holds(compare("none", CompareTarget.VERSION, CompareResult.EQUAL).setVersion(0).build())).isTrue();
        assertThat(holds(compare("none", CompareTarget.CREATE, CompareResult.EQUAL).build())).isTrue();
        assertThat(holds(compare("none", CompareTarget.LEASE, CompareResult.EQUAL).build())).isTrue();
        assertThat(holds(compare("none", CompareTarget.VALUE, CompareResult.EQUAL).setValue(bs("")).build()))
                .isFalse();
        assertThat(holds(compare("none", CompareTarget.VALUE, CompareResult.NOT_EQUAL).setValue(bs("x")).build()))
                .isFalse();
    }

    @Test
    void rangeComparesMustHoldForEveryKey() {
        kv.put("a1", "1");
        kv.put("a2", "1");
        kv.put("a2", "2");
        Compare.Builder versionOne = compare("a", CompareTarget.VERSION, CompareResult.EQUAL).setVersion(1)
                .setRangeEnd(bs("b"));
        assertThat(holds(versionOne.build())).isFalse();
        assertThat(holds(versionOne.setRangeEnd(bs("a2")).build())).isTrue();
        assertThat(holds(compare("a", CompareTarget.VERSION, CompareResult.GREATER).setVersion(0)
                .setRangeEnd(bs("b")).build())).isTrue();
    }

    @Test
    void oneRevisionForTheWholeTxnAndRangesSeeEarlierWrites() {
        kv.put("gone", "x");
        TxnResponse response = kv.txn(TxnRequest.newBuilder()
                .addSuccess(put("a", "1"))
                .addSuccess(delete("gone"))
                .addSuccess(put("b", "2"))
                .addSuccess(range("\0", "\0"))
                .build());

        assertThat(response.getHeader().getRevision()).isEqualTo(3);
        var seen = response.getResponses(3).getResponseRange();
        assertThat(keys(seen.getKvsList())).containsExactly("a", "b");
        assertThat(seen.getHeader().getRevision()).isEqualTo(3);
        assertThat(kv.range("a", "").getKvs(0).getModRevision()).isEqualTo(3);
        assertThat(kv.range("b", "").getKvs(0).getModRevision()).isEqualTo(3);
        assertThat(kv.store.currentRevision()).isEqualTo(3);
    }

    @Test
    void opsAfterAWriteReportTheTxnRevisionLikeEtcd() {
        kv.put("a", "0");
        TxnResponse response = kv.txn(TxnRequest.newBuilder()
                .addSuccess(range("a", ""))
                .addSuccess(put("x", "1"))
                .addSuccess(delete("nothing-here"))
                .addSuccess(range("x", ""))
                .build());

        assertThat(response.getResponses(0).getResponseRange().getHeader().getRevision()).isEqualTo(2);
        assertThat(response.getResponses(1).getResponsePut().getHeader().getRevision()).isEqualTo(3);
        assertThat(response.getResponses(2).getResponseDeleteRange().getHeader().getRevision()).isEqualTo(3);
        assertThat(response.getResponses(3).getResponseRange().getHeader().getRevision()).isEqualTo(3);
        assertThat(response.getHeader().getRevision()).isEqualTo(3);
    }

    @Test
    void nestedComparesSeeTheStateBeforeAnyWrite() {
        TxnRequest inner = TxnRequest.newBuilder()
                .addCompare(compare("a", CompareTarget.VERSION, CompareResult.EQUAL).setVersion(0))
                .addSuccess(put("inner-saw-no-a", "yes"))
                .addFailure(put("inner-saw-a", "yes"))
                .build();
        TxnResponse response = kv.txn(TxnRequest.newBuilder()
                .addSuccess(put("a", "1"))
                .addSuccess(nested(inner))
                .build());

        assertThat(response.getResponses(1).getResponseTxn().getSucceeded()).isTrue();
        assertThat(kv.range("inner-saw-no-a", "").getCount()).isEqualTo(1);
        assertThat(kv.range("inner-saw-a", "").getCount()).isZero();
        assertThat(kv.range("inner-saw-no-a", "").getKvs(0).getModRevision()).isEqualTo(2);
    }

    @Test
    void aFailingOpFailsTheWholeTxnAndAppliesNothing() {
        kv.put("k", "v");
        TxnRequest withBadLease = TxnRequest.newBuilder()
                .addSuccess(put("k", "changed"))
                .addSuccess(RequestOp.newBuilder().setRequestPut(
                        PutRequest.newBuilder().setKey(bs("other")).setValue(bs("v")).setLease(99)))
                .build();
        assertFails(EtcdError.LEASE_NOT_FOUND, () -> kv.txn(withBadLease));

        TxnRequest futureRead = TxnRequest.newBuilder()
                .addSuccess(put("k", "changed"))
                .addSuccess(RequestOp.newBuilder().setRequestRange(
                        RangeRequest.newBuilder().setKey(bs("k")).setRevision(100)))
                .build();
        assertFails(EtcdError.FUTURE_REV, () -> kv.txn(futureRead));

        assertThat(values(kv.range("\0", "\0").getKvsList())).containsExactly("v");
        assertThat(kv.store.currentRevision()).isEqualTo(2);
    }

    @Test
    void readOnlyTxnIsServedByTheReader() {
        kv.put("k", "v");
        kv.put("k", "w");
        TxnResponse response = kv.reader.readOnlyTxn(TxnRequest.newBuilder()
                .addCompare(compare("k", CompareTarget.VERSION, CompareResult.EQUAL).setVersion(2))
                .addSuccess(range("k", ""))
                .addSuccess(RequestOp.newBuilder().setRequestRange(
                        RangeRequest.newBuilder().setKey(bs("k")).setRevision(2)))
                .build());

        assertThat(response.getSucceeded()).isTrue();
        assertThat(response.getHeader().getRevision()).isEqualTo(3);
        assertThat(values(response.getResponses(0).getResponseRange().getKvsList())).containsExactly("w");
        assertThat(values(response.getResponses(1).getResponseRange().getKvsList())).containsExactly("v");
        assertThatThrownBy(() -> kv.reader.readOnlyTxn(TxnRequest.newBuilder().addFailure(put("k", "x")).build()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
