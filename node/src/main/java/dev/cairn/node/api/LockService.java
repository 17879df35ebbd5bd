package dev.cairn.node.api;

import com.google.protobuf.ByteString;
import dev.cairn.node.proto.etcdserverpb.PutRequest;
import dev.cairn.node.proto.etcdserverpb.RangeRequest;
import dev.cairn.node.proto.etcdserverpb.RequestOp;
import dev.cairn.node.proto.etcdserverpb.ResponseHeader;
import dev.cairn.node.proto.etcdserverpb.TxnRequest;
import dev.cairn.node.proto.etcdserverpb.TxnResponse;
import dev.cairn.node.proto.mvccpb.KeyValue;
import dev.cairn.node.proto.v3lockpb.LockGrpc;
import dev.cairn.node.proto.v3lockpb.LockRequest;
import dev.cairn.node.proto.v3lockpb.LockResponse;
import dev.cairn.node.proto.v3lockpb.UnlockRequest;
import dev.cairn.node.proto.v3lockpb.UnlockResponse;
import io.grpc.stub.StreamObserver;

import java.util.List;

/**
 * etcd's Lock service: concurrency.Mutex run inside the member. The lock key is {@code <name>/<lease in hex>};
 * the holder is the key with the lowest create revision, a waiter waits for the deletion of every key created
 * before its own. A waiter whose call is cancelled removes its key.
 */
final class LockService extends LockGrpc.LockImplBase {
    private final InProcessKv kv;

    LockService(InProcessKv kv) {
        this.kv = kv;
    }

    @Override
    public void lock(LockRequest request, StreamObserver<LockResponse> observer) {
        BlockingCalls.unary(observer, () -> lock(request));
    }

    @Override
    public void unlock(UnlockRequest request, StreamObserver<UnlockResponse> observer) {
        BlockingCalls.unary(observer, () -> UnlockResponse.newBuilder()
                .setHeader(kv.delete(request.getKey()).getHeader()).build());
    }

    private LockResponse lock(LockRequest request) throws InterruptedException {
        long lease = kv.sessionLease(request.getLease());
        ByteString prefix = request.getName().concat(ByteString.copyFromUtf8("/"));
        ByteString key = prefix.concat(ByteString.copyFromUtf8(InProcessKv.hex(lease)));
        RequestOp getOwner = RequestOp.newBuilder().setRequestRange(RangeRequest.newBuilder().setKey(prefix)
                .setRangeEnd(InProcessKv.prefixEnd(prefix)).setLimit(1).setSortTarget(RangeRequest.SortTarget.CREATE)
                .setSortOrder(RangeRequest.SortOrder.ASCEND)).build();
        TxnResponse txn = kv.txn(TxnRequest.newBuilder()
                .addCompare(InProcessKv.createRevisionIs(key, 0))
                .addSuccess(RequestOp.newBuilder().setRequestPut(PutRequest.newBuilder().setKey(key).setLease(lease)))
                .addSuccess(getOwner)
                .addFailure(RequestOp.newBuilder().setRequestRange(RangeRequest.newBuilder().setKey(key)))
                .addFailure(getOwner)
                .build());
        long myRevision = txn.getSucceeded() ? txn.getHeader().getRevision()
                : txn.getResponses(0).getResponseRange().getKvs(0).getCreateRevision();
        List<KeyValue> owner = txn.getResponses(1).getResponseRange().getKvsList();
        ResponseHeader header;
        if (owner.isEmpty() || owner.getFirst().getCreateRevision() == myRevision) {
            header = txn.getHeader();
        } else {
            try {
                header = kv.waitDeletes(prefix, myRevision - 1);
            } catch (InterruptedException | RuntimeException e) {
                kv.deleteLater(key);
                throw e;
            }
        }
        return LockResponse.newBuilder().setHeader(header).setKey(key).build();
    }
}
