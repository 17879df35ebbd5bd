package dev.cairn.node.apply;

import com.google.protobuf.ByteString;
import dev.cairn.node.error.EtcdError;
import dev.cairn.node.proto.etcdserverpb.DeleteRangeRequest;
import dev.cairn.node.proto.etcdserverpb.DeleteRangeResponse;
import dev.cairn.node.proto.etcdserverpb.PutRequest;
import dev.cairn.node.proto.etcdserverpb.PutResponse;
import dev.cairn.node.proto.etcdserverpb.ResponseHeader;
import dev.cairn.node.proto.mvccpb.KeyValue;
import dev.cairn.node.storage.mvcc.KeyRange;
import dev.cairn.node.storage.mvcc.MvccWriteBatch;
import java.util.List;
import java.util.Optional;

/**
 * etcd's Put and DeleteRange semantics inside an open request of a write batch. Header revisions are the batch's
 * newest revision after the op, as etcd reports them for ops inside a txn.
 */
final class KvWrites implements TxnExecutor.Writes {
    private final MvccWriteBatch batch;
    private final LeaseAttachments leases;

    KvWrites(MvccWriteBatch batch, LeaseAttachments leases) {
        this.batch = batch;
        this.leases = leases;
    }

    @Override
    public PutResponse put(PutRequest r) {
        if (r.getLease() != 0 && !leases.exists(r.getLease())) {
            throw EtcdError.LEASE_NOT_FOUND.exception();
        }
        byte[] key = r.getKey().toByteArray();
        Optional<KeyValue> previous = r.getIgnoreValue() || r.getIgnoreLease() || r.getPrevKv()
                ? batch.get(key) : Optional.empty();
        if ((r.getIgnoreValue() || r.getIgnoreLease()) && previous.isEmpty()) {
            throw EtcdError.KEY_NOT_FOUND.exception();
        }
        ByteString value = r.getIgnoreValue() ? previous.orElseThrow().getValue() : r.getValue();
        long lease = r.getIgnoreLease() ? previous.orElseThrow().getLease() : r.getLease();
        batch.put(key, value, lease);
        leases.attach(r.getKey(), lease);
        PutResponse.Builder response = PutResponse.newBuilder().setHeader(header());
        if (r.getPrevKv()) {
            previous.ifPresent(response::setPrevKv);
        }
        return response.build();
    }

    @Override
    public DeleteRangeResponse deleteRange(DeleteRangeRequest r) {
        List<KeyValue> doomed = batch.range(
                KeyRange.of(r.getKey().toByteArray(), r.getRangeEnd().toByteArray()), 0, 0, false).kvs();
        for (KeyValue kv : doomed) {
            batch.delete(kv.getKey().toByteArray());
            if (kv.getLease() != 0) {
                leases.attach(kv.getKey(), 0);
            }
        }
        DeleteRangeResponse.Builder response = DeleteRangeResponse.newBuilder().setDeleted(doomed.size());
        if (r.getPrevKv()) {
            response.addAllPrevKvs(doomed);
        }
        return response.setHeader(header()).build();
    }

    private ResponseHeader header() {
        return ResponseHeader.newBuilder().setRevision(batch.revision()).build();
    }
}
