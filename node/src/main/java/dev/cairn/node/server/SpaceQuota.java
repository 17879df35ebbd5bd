package dev.cairn.node.server;

import dev.cairn.node.proto.etcdserverpb.PutRequest;
import dev.cairn.node.proto.etcdserverpb.RequestOp;
import dev.cairn.node.proto.etcdserverpb.TxnRequest;
import dev.cairn.node.proto.raft.InternalRequestOrBuilder;

import java.util.List;
import java.util.function.LongSupplier;

/**
 * etcd's backend quota (--quota-backend-bytes): before a write is proposed, the store's size plus an estimate of
 * what the write adds must stay below the quota. The estimate is etcd's: a put costs its key and value plus a fixed
 * overhead; a txn costs the larger of its two branches' top-level puts; anything else costs nothing.
 */
public final class SpaceQuota {
    /** etcd's per-key overhead estimate (revision key, index entry, meta). */
    private static final long KV_OVERHEAD = 256;
    /** What etcd charges a lease grant. */
    public static final long LEASE_GRANT_COST = 64;

    private final long quotaBytes;
    private final LongSupplier usedBytes;

    SpaceQuota(long quotaBytes, LongSupplier usedBytes) {
        this.quotaBytes = quotaBytes;
        this.usedBytes = usedBytes;
    }

    /** A request that adds nothing always passes, even when the store is already past the quota. */
    public boolean admits(long cost) {
        return cost == 0 || usedBytes.getAsLong() + cost < quotaBytes;
    }

    public static long cost(InternalRequestOrBuilder request) {
        return switch (request.getRequestCase()) {
            case PUT -> cost(request.getPut());
            case TXN -> cost(request.getTxn());
            case LEASE_GRANT -> LEASE_GRANT_COST;
            default -> 0;
        };
    }

    public static long cost(PutRequest put) {
        return KV_OVERHEAD + put.getKey().size() + put.getValue().size();
    }

    public static long cost(TxnRequest txn) {
        return Math.max(topLevelPuts(txn.getSuccessList()), topLevelPuts(txn.getFailureList()));
    }

    private static long topLevelPuts(List<RequestOp> ops) {
        return ops.stream().filter(RequestOp::hasRequestPut).mapToLong(op -> cost(op.getRequestPut())).sum();
    }
}
