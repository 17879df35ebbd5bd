package dev.cairn.node.apply;

import com.google.protobuf.ByteString;
import dev.cairn.node.error.EtcdError;
import dev.cairn.node.proto.etcdserverpb.Compare;
import dev.cairn.node.proto.etcdserverpb.DeleteRangeRequest;
import dev.cairn.node.proto.etcdserverpb.PutRequest;
import dev.cairn.node.proto.etcdserverpb.RangeRequest;
import dev.cairn.node.proto.etcdserverpb.RequestOp;
import dev.cairn.node.proto.etcdserverpb.TxnRequest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The checks etcd makes on a KV request before proposing it, with etcd's errors. Run on the gRPC threads, so a bad
 * request never reaches Raft.
 */
public final class RequestValidator {
    /** etcd's default --max-txn-ops. */
    public static final int DEFAULT_MAX_TXN_OPS = 128;

    private RequestValidator() {}

    public static void validate(RangeRequest r) {
        requireKey(r.getKey());
        if (r.getSortOrder() == RangeRequest.SortOrder.UNRECOGNIZED
                || r.getSortTarget() == RangeRequest.SortTarget.UNRECOGNIZED) {
            throw EtcdError.INVALID_SORT_OPTION.exception();
        }
    }

    public static void validate(PutRequest r) {
        requireKey(r.getKey());
        if (r.getIgnoreValue() && !r.getValue().isEmpty()) {
            throw EtcdError.VALUE_PROVIDED.exception();
        }
        if (r.getIgnoreLease() && r.getLease() != 0) {
            throw EtcdError.LEASE_PROVIDED.exception();
        }
    }

    public static void validate(DeleteRangeRequest r) {
        requireKey(r.getKey());
    }

    /** Checks shape and keys (each branch and the compares within {@code maxTxnOps}), then duplicate keys. */
    public static void validate(TxnRequest r, int maxTxnOps) {
        checkShape(r, maxTxnOps);
        checkDuplicates(r.getSuccessList());
        checkDuplicates(r.getFailureList());
    }

    private static void checkShape(TxnRequest r, int maxTxnOps) {
        int widest = Math.max(r.getCompareCount(), Math.max(r.getSuccessCount(), r.getFailureCount()));
        if (widest > maxTxnOps) {
            throw EtcdError.TOO_MANY_OPS.exception();
        }
        for (Compare compare : r.getCompareList()) {
            requireKey(compare.getKey());
        }
        // As etcd does, a nested txn gets what the enclosing one left of the budget.
        for (RequestOp op : r.getSuccessList()) {
            checkOp(op, maxTxnOps - widest);
        }
        for (RequestOp op : r.getFailureList()) {
            checkOp(op, maxTxnOps - widest);
        }
    }

    private static void checkOp(RequestOp op, int maxTxnOps) {
        switch (op.getRequestCase()) {
            case REQUEST_RANGE -> validate(op.getRequestRange());
            case REQUEST_PUT -> validate(op.getRequestPut());
            case REQUEST_DELETE_RANGE -> validate(op.getRequestDeleteRange());
            case REQUEST_TXN -> checkShape(op.getRequestTxn(), maxTxnOps);
            case REQUEST_NOT_SET -> throw EtcdError.KEY_NOT_FOUND.exception();
        }
    }

    /** The puts and deletes of one branch, nested txns included. */
    private record Writes(Set<ByteString> puts, List<DeleteInterval> deletes) {}

    /**
     * A delete's interval, taken literally as etcd's duplicate check does: [key, end) by byte order, or the key alone
     * when end is empty.
     */
    private record DeleteInterval(ByteString key, ByteString end) {
        boolean contains(ByteString k) {
            if (end.isEmpty()) {
                return key.equals(k);
            }
            return ByteString.unsignedLexicographicalComparator().compare(key, k) <= 0
                    && ByteString.unsignedLexicographicalComparator().compare(k, end) < 0;
        }
    }

    /**
     * Rejects two puts of one key, or a put inside a delete, in one branch including its nested txns; the then and
     * else branches of a nested txn may write the same keys since only one of them runs.
     */
    private static Writes checkDuplicates(List<RequestOp> ops) {
        List<DeleteInterval> deletes = new ArrayList<>();
        for (RequestOp op : ops) {
            if (op.hasRequestDeleteRange()) {
                DeleteRangeRequest delete = op.getRequestDeleteRange();
                deletes.add(new DeleteInterval(delete.getKey(), delete.getRangeEnd()));
            }
        }
        Set<ByteString> puts = new HashSet<>();
        List<DeleteInterval> nestedDeletes = new ArrayList<>();
        for (RequestOp op : ops) {
            if (!op.hasRequestTxn()) {
                continue;
            }
            Writes then = checkDuplicates(op.getRequestTxn().getSuccessList());
            Writes otherwise = checkDuplicates(op.getRequestTxn().getFailureList());
            for (ByteString key : then.puts()) {
                if (puts.contains(key) || deleted(deletes, key)) {
                    throw EtcdError.DUPLICATE_KEY.exception();
                }
                puts.add(key);
            }
            for (ByteString key : otherwise.puts()) {
                if ((puts.contains(key) && !then.puts().contains(key)) || deleted(deletes, key)) {
                    throw EtcdError.DUPLICATE_KEY.exception();
                }
                puts.add(key);
            }
            nestedDeletes.addAll(then.deletes());
            nestedDeletes.addAll(otherwise.deletes());
        }
        deletes.addAll(nestedDeletes);
        for (RequestOp op : ops) {
            if (!op.hasRequestPut()) {
                continue;
            }
            ByteString key = op.getRequestPut().getKey();
            if (puts.contains(key) || deleted(deletes, key)) {
                throw EtcdError.DUPLICATE_KEY.exception();
            }
            puts.add(key);
        }
        return new Writes(puts, deletes);
    }

    private static boolean deleted(List<DeleteInterval> deletes, ByteString key) {
        for (DeleteInterval delete : deletes) {
            if (delete.contains(key)) {
                return true;
            }
        }
        return false;
    }

    private static void requireKey(ByteString key) {
        if (key.isEmpty()) {
            throw EtcdError.KEY_NOT_PROVIDED.exception();
        }
    }
}
