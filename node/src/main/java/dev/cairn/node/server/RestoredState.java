package dev.cairn.node.server;

import dev.cairn.node.proto.etcdserverpb.Member;
import dev.cairn.node.storage.mvcc.MvccStore;
import dev.cairn.node.storage.mvcc.MvccWriteBatch;

import java.util.List;

/**
 * Turns a state store unpacked from a snapshot into the state of a new cluster, as {@code etcdctl snapshot restore}
 * does: the keys, leases and revision stay; the membership becomes the one given; the consistent index goes back to
 * 0 so that the member, started on a fresh Raft log, bootstraps that membership at term 1 and applies from there.
 */
public final class RestoredState {
    private RestoredState() {
    }

    /** @param members the new cluster's members, with the ids derived from their peer URLs and cluster token */
    public static void rewrite(MvccStore store, long localId, long clusterId, List<Member> members) {
        try (MvccWriteBatch batch = store.beginWrite()) {
            batch.writeMeta(Membership.MEMBERS_META, Membership.encode(members));
            batch.writeMeta(Membership.CLUSTER_ID_META, Membership.toBytes(clusterId));
            batch.writeMeta(Membership.LOCAL_ID_META, Membership.toBytes(localId));
            batch.deleteMeta(ApplyLoop.APPLIED_TERM_META);
            batch.commit(0);
        }
        store.syncToDisk();
    }
}
