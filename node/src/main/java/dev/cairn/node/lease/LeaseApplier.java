package dev.cairn.node.lease;

import com.google.protobuf.ByteString;
import dev.cairn.node.apply.ApplyBatch;
import dev.cairn.node.proto.etcdserverpb.DeleteRangeRequest;
import dev.cairn.node.proto.etcdserverpb.LeaseCheckpoint;
import dev.cairn.node.proto.etcdserverpb.LeaseCheckpointRequest;
import dev.cairn.node.proto.etcdserverpb.LeaseCheckpointResponse;
import dev.cairn.node.proto.etcdserverpb.LeaseGrantRequest;
import dev.cairn.node.proto.etcdserverpb.LeaseGrantResponse;
import dev.cairn.node.proto.etcdserverpb.LeaseRevokeRequest;
import dev.cairn.node.proto.etcdserverpb.LeaseRevokeResponse;
import dev.cairn.node.proto.etcdserverpb.RequestOp;
import dev.cairn.node.proto.etcdserverpb.ResponseHeader;
import dev.cairn.node.proto.etcdserverpb.TxnRequest;
import dev.cairn.node.proto.etcdserverpb.TxnResponse;
import java.util.List;
import java.util.OptionalLong;

/**
 * Applies committed lease grants, revocations and checkpoints on the apply thread: the lessor changes in memory
 * and the lease table in the state store changes in the same batch as the entry's other effects.
 */
public final class LeaseApplier {
    private final Lessor lessor;

    public LeaseApplier(Lessor lessor) {
        this.lessor = lessor;
    }

    /** The response has no header: the API layer adds the member's header with the then current revision. */
    public LeaseGrantResponse grant(ApplyBatch batch, LeaseGrantRequest r) {
        long granted = lessor.grant(r.getID(), r.getTTL());
        batch.writeMeta(LeaseTable.metaName(r.getID()), LeaseTable.encode(granted, 0));
        return LeaseGrantResponse.newBuilder()
                .setID(r.getID())
                .setTTL(granted)
                .build();
    }

    /**
     * Records each checkpoint's remaining TTL with its lease, in memory and in the state store; a checkpoint of a
     * lease revoked since it was proposed is ignored, as etcd. The response has no header, as the grant's.
     */
    public LeaseCheckpointResponse checkpoint(ApplyBatch batch, LeaseCheckpointRequest r) {
        for (LeaseCheckpoint checkpoint : r.getCheckpointsList()) {
            OptionalLong granted = lessor.checkpoint(checkpoint.getID(), checkpoint.getRemainingTTL());
            if (granted.isPresent()) {
                batch.writeMeta(LeaseTable.metaName(checkpoint.getID()),
                        LeaseTable.encode(granted.getAsLong(), checkpoint.getRemainingTTL()));
            }
        }
        return LeaseCheckpointResponse.getDefaultInstance();
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
