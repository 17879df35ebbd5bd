package dev.cairn.node.apply;

import dev.cairn.node.proto.etcdserverpb.DeleteRangeRequest;
import dev.cairn.node.proto.etcdserverpb.DeleteRangeResponse;
import dev.cairn.node.proto.etcdserverpb.PutRequest;
import dev.cairn.node.proto.etcdserverpb.PutResponse;
import dev.cairn.node.proto.etcdserverpb.RequestOp;
import dev.cairn.node.proto.etcdserverpb.ResponseHeader;
import dev.cairn.node.proto.etcdserverpb.ResponseOp;
import dev.cairn.node.proto.etcdserverpb.TxnRequest;
import dev.cairn.node.proto.etcdserverpb.TxnResponse;
import dev.cairn.node.storage.mvcc.MvccReadView;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Runs a txn: first every compare (nested txns' too) against the view as it was before the txn, which fixes the
 * branch taken at each level; then the ops of the chosen branches in order, so a Range sees earlier writes.
 */
final class TxnExecutor {
    /** The write ops a txn may run; a read-only context rejects them. */
    interface Writes {
        PutResponse put(PutRequest r);

        DeleteRangeResponse deleteRange(DeleteRangeRequest r);
    }

    private TxnExecutor() {}

    /** The response without the top-level header revision, which the caller knows once the txn is done. */
    static TxnResponse execute(MvccReadView view, TxnRequest r, Writes writes) {
        List<Boolean> branches = new ArrayList<>();
        chooseBranches(view, r, branches);
        return run(view, r, branches.iterator(), writes);
    }

    /** True when no op of the txn, in either branch at any depth, writes. */
    static boolean isReadOnly(TxnRequest r) {
        return readOnly(r.getSuccessList()) && readOnly(r.getFailureList());
    }

    private static boolean readOnly(List<RequestOp> ops) {
        for (RequestOp op : ops) {
            boolean writes = switch (op.getRequestCase()) {
                case REQUEST_PUT, REQUEST_DELETE_RANGE -> true;
                case REQUEST_TXN -> !isReadOnly(op.getRequestTxn());
                case REQUEST_RANGE, REQUEST_NOT_SET -> false;
            };
            if (writes) {
                return false;
            }
        }
        return true;
    }

    private static void chooseBranches(MvccReadView view, TxnRequest r, List<Boolean> branches) {
        boolean succeeded = CompareEvaluator.all(view, r.getCompareList());
        branches.add(succeeded);
        for (RequestOp op : succeeded ? r.getSuccessList() : r.getFailureList()) {
            if (op.hasRequestTxn()) {
                chooseBranches(view, op.getRequestTxn(), branches);
            }
        }
    }

    private static TxnResponse run(MvccReadView view, TxnRequest r, Iterator<Boolean> branches, Writes writes) {
        boolean succeeded = branches.next();
        TxnResponse.Builder response = TxnResponse.newBuilder()
                .setHeader(ResponseHeader.getDefaultInstance())
                .setSucceeded(succeeded);
        for (RequestOp op : succeeded ? r.getSuccessList() : r.getFailureList()) {
            ResponseOp.Builder result = ResponseOp.newBuilder();
            switch (op.getRequestCase()) {
                case REQUEST_RANGE -> result.setResponseRange(RangeExecutor.range(view, op.getRequestRange()));
                case REQUEST_PUT -> result.setResponsePut(writes.put(op.getRequestPut()));
                case REQUEST_DELETE_RANGE -> result.setResponseDeleteRange(writes.deleteRange(op.getRequestDeleteRange()));
                case REQUEST_TXN -> result.setResponseTxn(run(view, op.getRequestTxn(), branches, writes));
                case REQUEST_NOT_SET -> throw new IllegalArgumentException("empty RequestOp reached apply");
            }
            response.addResponses(result);
        }
        return response.build();
    }
}
