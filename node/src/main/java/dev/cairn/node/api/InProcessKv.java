package dev.cairn.node.api;

import com.google.protobuf.ByteString;
import dev.cairn.node.proto.etcdserverpb.Compare;
import dev.cairn.node.proto.etcdserverpb.DeleteRangeRequest;
import dev.cairn.node.proto.etcdserverpb.DeleteRangeResponse;
import dev.cairn.node.proto.etcdserverpb.LeaseGrantRequest;
import dev.cairn.node.proto.etcdserverpb.LeaseGrantResponse;
import dev.cairn.node.proto.etcdserverpb.RangeRequest;
import dev.cairn.node.proto.etcdserverpb.RangeResponse;
import dev.cairn.node.proto.etcdserverpb.ResponseHeader;
import dev.cairn.node.proto.etcdserverpb.TxnRequest;
import dev.cairn.node.proto.etcdserverpb.TxnResponse;
import dev.cairn.node.proto.mvccpb.Event;
import dev.cairn.node.proto.raft.InternalRequest;
import dev.cairn.node.server.EtcdNode;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * The KV operations of etcd's concurrency package (sessions, key waits), run inside this member by a blocking
 * caller: writes are proposed to the log, reads are linearizable, waits use the node's watch hub.
 */
final class InProcessKv {
    /** etcd's concurrency.NewSession default, used when a request names no lease. */
    static final long SESSION_TTL_SECONDS = 60;

    private final EtcdNode node;

    InProcessKv(EtcdNode node) {
        this.node = node;
    }

    ResponseHeader header(long revision) {
        return node.header(revision);
    }

    TxnResponse txn(TxnRequest request) throws InterruptedException {
        TxnResponse response = (TxnResponse) await(node.propose(InternalRequest.newBuilder().setTxn(request)));
        return response.toBuilder().setHeader(node.header(response.getHeader().getRevision())).build();
    }

    RangeResponse range(RangeRequest request) throws InterruptedException {
        await(node.linearizableBarrier());
        RangeResponse response = node.reader().range(request);
        return response.toBuilder().setHeader(node.header(response.getHeader().getRevision())).build();
    }

    /** Proposes the delete of {@code key} without waiting for it: the clean-up of a call that was cancelled. */
    void deleteLater(ByteString key) {
        node.propose(InternalRequest.newBuilder().setDeleteRange(DeleteRangeRequest.newBuilder().setKey(key)));
    }

    DeleteRangeResponse delete(ByteString key) throws InterruptedException {
        DeleteRangeResponse response = (DeleteRangeResponse) await(node.propose(InternalRequest.newBuilder()
                .setDeleteRange(DeleteRangeRequest.newBuilder().setKey(key))));
        return response.toBuilder().setHeader(node.header(response.getHeader().getRevision())).build();
    }

    /** concurrency.NewSession: the given lease, or a new one of {@link #SESSION_TTL_SECONDS} when it is 0. */
    long sessionLease(long lease) throws InterruptedException {
        if (lease != 0) {
            return lease;
        }
        LeaseGrantRequest grant = LeaseGrantRequest.newBuilder().setID(LeaseService.newLeaseId())
                .setTTL(SESSION_TTL_SECONDS).build();
        return ((LeaseGrantResponse) await(node.propose(InternalRequest.newBuilder().setLeaseGrant(grant)))).getID();
    }

    /** The key with the lowest create revision under {@code prefix} (WithFirstCreate). */
    RangeResponse firstCreated(ByteString prefix) throws InterruptedException {
        return range(byCreate(prefix, RangeRequest.SortOrder.ASCEND).build());
    }

    /**
     * etcd's waitDeletes: returns, with the header of the last read, once no key under {@code prefix} has a create
     * revision at most {@code maxCreateRevision}.
     */
    ResponseHeader waitDeletes(ByteString prefix, long maxCreateRevision) throws InterruptedException {
        RangeRequest lastCreated = byCreate(prefix, RangeRequest.SortOrder.DESCEND)
                .setMaxCreateRevision(maxCreateRevision).build();
        while (true) {
            RangeResponse response = range(lastCreated);
            if (response.getKvsCount() == 0) {
                return response.getHeader();
            }
            waitDelete(response.getKvs(0).getKey(), response.getHeader().getRevision());
        }
    }

    KeyWatch watch(ByteString key, ByteString rangeEnd, long startRevision) {
        return KeyWatch.open(node.watchHub(), key, rangeEnd, startRevision);
    }

    private void waitDelete(ByteString key, long fromRevision) throws InterruptedException {
        try (KeyWatch watch = watch(key, ByteString.EMPTY, fromRevision)) {
            while (true) {
                for (Event event : watch.next().getEventsList()) {
                    if (event.getType() == Event.EventType.DELETE) {
                        return;
                    }
                }
            }
        }
    }

    private static RangeRequest.Builder byCreate(ByteString prefix, RangeRequest.SortOrder order) {
        return RangeRequest.newBuilder().setKey(prefix).setRangeEnd(prefixEnd(prefix)).setLimit(1)
                .setSortTarget(RangeRequest.SortTarget.CREATE).setSortOrder(order);
    }

    /** clientv3.GetPrefixRangeEnd. */
    static ByteString prefixEnd(ByteString prefix) {
        byte[] end = prefix.toByteArray();
        for (int i = end.length - 1; i >= 0; i--) {
            if (end[i] != (byte) 0xff) {
                end[i]++;
                return ByteString.copyFrom(end, 0, i + 1);
            }
        }
        return ByteString.copyFrom(new byte[]{0});
    }

    /** A compare on the key's create revision, as clientv3.Compare(CreateRevision(key), "=", revision). */
    static Compare createRevisionIs(ByteString key, long revision) {
        return Compare.newBuilder().setKey(key).setTarget(Compare.CompareTarget.CREATE)
                .setResult(Compare.CompareResult.EQUAL).setCreateRevision(revision).build();
    }

    /** etcd's lease id in a key: Go's %x of the signed id. */
    static String hex(long lease) {
        return lease < 0 ? "-" + Long.toHexString(-lease) : Long.toHexString(lease);
    }

    private static Object await(CompletableFuture<?> future) throws InterruptedException {
        try {
            return future.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
    }
}
