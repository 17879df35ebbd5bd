package dev.cairn.node.lease;

import com.google.protobuf.ByteString;
import dev.cairn.node.apply.ApplyBatch;
import dev.cairn.node.proto.etcdserverpb.DeleteRangeRequest;
import dev.cairn.node.proto.etcdserverpb.LeaseGrantRequest;
import dev.cairn.node.proto.etcdserverpb.LeaseGrantResponse;
import dev.cairn.node.proto.etcdserverpb.LeaseRevokeRequest;
import dev.cairn.node.proto.etcdserverpb.LeaseRevokeResponse;
import dev.cairn.node.proto.etcdserverpb.RequestOp;
import dev.cairn.node.proto.etcdserverpb.ResponseHeader;
import dev.cairn.node.proto.etcdserverpb.TxnRequest;
import dev.cairn.node.proto.etcdserverpb.TxnResponse;
import java.util.List;

/**
 * Applies committed lease grants and revocations on the apply thread: the lessor changes in memory and the lease
 * table in the state store changes in the same batch as the entry's other effects.
 */
public final class LeaseApplier {
    private final Lessor lessor;

    public LeaseApplier(Lessor lessor) {
        this.lessor = lessor;
    }

    /** The response has no header: the API layer adds the member's header with the then current revision. */
    public LeaseGrantResponse grant(ApplyBatch batch, LeaseGrantRequest r) {
        long granted = lessor.grant(r.getID(), r.getTTL());
        batch.writeMeta(LeaseTable.metaName(r.getID()), LeaseTable.encodeTtl(granted));
        return LeaseGrantResponse.newBuilder()
                .setID(r.getID())
                .setTTL(granted)
                .build();
    }

    /** Deletes every attached key in one revision through the normal write path, then forgets the lease. */
    public LeaseRevokeResponse revoke(ApplyBatch batch, LeaseRevokeRequest r) {
        List<ByteString> keys = lessor.keys(r.getID());
        TxnRequest.Builder deletes = TxnRequest.newBuilder();
        for (ByteString key : keys) {
            deletes.addSuccess(RequestOp.newBuilder().setRequestDeleteRange(DeleteRangeRequest.newBuilder().setKey(key)));
        }
        TxnResponse deleted = batch.txn(deletes.build());
        lessor.remove(r.getID());
        batch.deleteMeta(LeaseTable.metaName(r.getID()));
        return LeaseRevokeResponse.newBuilder()
                .setHeader(ResponseHeader.newBuilder().setRevision(deleted.getHeader().getRevision()))
                .build();
    }
}
