package dev.cairn.node.apply;

import static dev.cairn.node.apply.KvFixture.assertFails;
import static dev.cairn.node.apply.KvFixture.bs;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.cairn.node.error.EtcdError;
import dev.cairn.node.proto.etcdserverpb.Compare;
import dev.cairn.node.proto.etcdserverpb.DeleteRangeRequest;
import dev.cairn.node.proto.etcdserverpb.PutRequest;
import dev.cairn.node.proto.etcdserverpb.RangeRequest;
import dev.cairn.node.proto.etcdserverpb.RequestOp;
import dev.cairn.node.proto.etcdserverpb.TxnRequest;
import org.junit.jupiter.api.Test;

class RequestValidatorTest {
    private static final int MAX = RequestValidator.DEFAULT_MAX_TXN_OPS;

    private static RequestOp put(String key) {
        return RequestOp.newBuilder().setRequestPut(PutRequest.newBuilder().setKey(bs(key)).setValue(bs("v"))).build();
    }

    private static RequestOp delete(String key, String end) {
        return RequestOp.newBuilder()
                .setRequestDeleteRange(DeleteRangeRequest.newBuilder().setKey(bs(key)).setRangeEnd(bs(end))).build();
    }

    private static RequestOp nested(TxnRequest txn) {
        return RequestOp.newBuilder().setRequestTxn(txn).build();
    }

    private static void validTxn(TxnRequest txn) {
        assertThatCode(() -> RequestValidator.validate(txn, MAX)).doesNotThrowAnyException();
    }

    @Test
    void emptyKeysAreRejectedEverywhere() {
        assertFails(EtcdError.KEY_NOT_PROVIDED, () -> RequestValidator.validate(RangeRequest.getDefaultInstance()));
        assertFails(EtcdError.KEY_NOT_PROVIDED, () -> RequestValidator.validate(PutRequest.getDefaultInstance()));
        assertFails(EtcdError.KEY_NOT_PROVIDED,
                () -> RequestValidator.validate(DeleteRangeRequest.getDefaultInstance()));
        assertFails(EtcdError.KEY_NOT_PROVIDED, () -> RequestValidator.validate(
                TxnRequest.newBuilder().addCompare(Compare.getDefaultInstance()).build(), MAX));
        assertFails(EtcdError.KEY_NOT_PROVIDED, () -> RequestValidator.validate(
                TxnRequest.newBuilder().addSuccess(put("")).build(), MAX));
        assertFails(EtcdError.KEY_NOT_PROVIDED, () -> RequestValidator.validate(TxnRequest.newBuilder()
                .addFailure(nested(TxnRequest.newBuilder().addSuccess(delete("", "")).build())).build(), MAX));
    }

    @Test
    void putFlagConflicts() {
        assertFails(EtcdError.VALUE_PROVIDED, () -> RequestValidator.validate(
                PutRequest.newBuilder().setKey(bs("k")).setValue(bs("v")).setIgnoreValue(true).build()));
        assertFails(EtcdError.LEASE_PROVIDED, () -> RequestValidator.validate(
                PutRequest.newBuilder().setKey(bs("k")).setLease(1).setIgnoreLease(true).build()));
    }

    @Test
    void invalidSortOptions() {
        assertFails(EtcdError.INVALID_SORT_OPTION, () -> RequestValidator.validate(
                RangeRequest.newBuilder().setKey(bs("k")).setSortOrderValue(3).build()));
        assertFails(EtcdError.INVALID_SORT_OPTION, () -> RequestValidator.validate(
                RangeRequest.newBuilder().setKey(bs("k")).setSortTargetValue(5).build()));
    }

    @Test
    void tooManyOpsInABranchOrCompares() {
        TxnRequest.Builder wide = TxnRequest.newBuilder();
        for (int i = 0; i < 3; i++) {
            wide.addSuccess(put("k" + i));
        }
        assertFails(EtcdError.TOO_MANY_OPS, () -> RequestValidator.validate(wide.build(), 2));
        assertThatCode(() -> RequestValidator.validate(wide.build(), 3)).doesNotThrowAnyException();
        TxnRequest.Builder compares = TxnRequest.newBuilder();
        for (int i = 0; i < 3; i++) {
            compares.addCompare(Compare.newBuilder().setKey(bs("k")));
        }
        assertFails(EtcdError.TOO_MANY_OPS, () -> RequestValidator.validate(compares.build(), 2));
    }

    @Test
    void anEmptyOpIsKeyNotFound() {
        assertFails(EtcdError.KEY_NOT_FOUND, () -> RequestValidator.validate(
                TxnRequest.newBuilder().addSuccess(RequestOp.getDefaultInstance()).build(), MAX));
    }

    @Test
    void duplicateKeysInABranch() {
        assertFails(EtcdError.DUPLICATE_KEY, () -> RequestValidator.validate(
                TxnRequest.newBuilder().addSuccess(put("a")).addSuccess(put("a")).build(), MAX));
        assertFails(EtcdError.DUPLICATE_KEY, () -> RequestValidator.validate(
                TxnRequest.newBuilder().addSuccess(delete("a", "c")).addSuccess(put("b")).build(), MAX));
        assertFails(EtcdError.DUPLICATE_KEY, () -> RequestValidator.validate(TxnRequest.newBuilder()
                .addFailure(put("a"))
                .addFailure(nested(TxnRequest.newBuilder().addSuccess(put("a")).build())).build(), MAX));
        assertFails(EtcdError.DUPLICATE_KEY, () -> RequestValidator.validate(TxnRequest.newBuilder()
                .addSuccess(nested(TxnRequest.newBuilder().addSuccess(delete("a", "")).build()))
                .addSuccess(put("a")).build(), MAX));
    }

    @Test
    void branchesThatCannotBothRunMayWriteTheSameKeys() {
        validTxn(TxnRequest.newBuilder().addSuccess(put("a")).addFailure(put("a")).build());
        validTxn(TxnRequest.newBuilder().addSuccess(nested(TxnRequest.newBuilder()
                .addSuccess(put("a")).addFailure(put("a")).build())).build());
        validTxn(TxnRequest.newBuilder().addSuccess(delete("a", "c")).addSuccess(put("c")).build());
        validTxn(TxnRequest.newBuilder().addSuccess(delete("a", "")).addSuccess(delete("a", "")).build());
    }
}
