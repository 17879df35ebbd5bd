package dev.cairn.node.apply;

import dev.cairn.node.proto.etcdserverpb.CompactionRequest;
import dev.cairn.node.proto.etcdserverpb.CompactionResponse;
import dev.cairn.node.proto.etcdserverpb.DeleteRangeRequest;
import dev.cairn.node.proto.etcdserverpb.DeleteRangeResponse;
import dev.cairn.node.proto.etcdserverpb.PutRequest;
import dev.cairn.node.proto.etcdserverpb.PutResponse;
import dev.cairn.node.proto.etcdserverpb.ResponseHeader;
import dev.cairn.node.proto.etcdserverpb.TxnRequest;
import dev.cairn.node.proto.etcdserverpb.TxnResponse;
import dev.cairn.node.proto.mvccpb.Event;
import dev.cairn.node.storage.mvcc.MvccWriteBatch;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/** {@link ApplyBatch} over an MVCC write batch: each request is one revision scope, undone whole if it fails. */
final class KvApplyBatch implements ApplyBatch {
    private final MvccWriteBatch batch;
    private final KvWrites writes;
    private final PendingAttachments attachments;

    KvApplyBatch(MvccWriteBatch batch, LeaseAttachments leases) {
        this.batch = batch;
        this.attachments = new PendingAttachments(leases);
        this.writes = new KvWrites(batch, attachments);
    }

    @Override
    public PutResponse put(PutRequest r) {
        return inRequest(() -> writes.put(r));
    }

    @Override
    public DeleteRangeResponse deleteRange(DeleteRangeRequest r) {
        return inRequest(() -> writes.deleteRange(r));
    }

    @Override
    public TxnResponse txn(TxnRequest r) {
        batch.beginRequest();
        try {
            TxnResponse response = TxnExecutor.execute(batch, r, writes);
            long revision = batch.endRequest();
            attachments.publish();
            return response.toBuilder().setHeader(ResponseHeader.newBuilder().setRevision(revision)).build();
        } catch (RuntimeException e) {
            batch.abortRequest();
            attachments.discard();
            throw e;
        }
    }

    @Override
    public CompactResult compact(CompactionRequest r) {
        CompletableFuture<Void> physicalDone = batch.compact(r.getRevision());
        CompactionResponse response = CompactionResponse.newBuilder()
                .setHeader(ResponseHeader.newBuilder().setRevision(batch.revision()))
                .build();
        return new CompactResult(response, physicalDone);
    }

    @Override
    public void writeMeta(String name, byte[] value) {
        batch.writeMeta(name, value);
    }

    @Override
    public void deleteMeta(String name) {
        batch.deleteMeta(name);
    }

    @Override
    public List<Event> events() {
        return batch.events();
    }

    @Override
    public void commit(long consistentIndex) {
        batch.commit(consistentIndex);
    }

    @Override
    public void close() {
        batch.close();
    }

    /** Runs a single op as its own request; the op's header revision is already the one after the request. */
    private <T> T inRequest(Supplier<T> op) {
        batch.beginRequest();
        try {
            T response = op.get();
            batch.endRequest();
            attachments.publish();
            return response;
        } catch (RuntimeException e) {
            batch.abortRequest();
            attachments.discard();
            throw e;
        }
    }
}
