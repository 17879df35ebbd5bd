package dev.cairn.node.peer;

import io.grpc.Status;

/** The refusals of the peer service, with etcd's texts where etcd has one. */
final class PeerErrors {
    static final String CLUSTER_ID_MISMATCH = "cluster ID mismatch";
    static final String MEMBER_REMOVED = "the member has been permanently removed from the cluster";
    static final String TO_MISMATCH = "to field mismatch";

    private PeerErrors() {
    }

    static Status clusterIdMismatch() {
        return Status.FAILED_PRECONDITION.withDescription(CLUSTER_ID_MISMATCH);
    }

    static Status memberRemoved() {
        return Status.FAILED_PRECONDITION.withDescription(MEMBER_REMOVED);
    }

    static Status toMismatch() {
        return Status.FAILED_PRECONDITION.withDescription(TO_MISMATCH);
    }

    /** Whether a peer refused us because we were removed from the cluster. */
    static boolean isMemberRemoved(Status status) {
        return status.getCode() == Status.Code.FAILED_PRECONDITION && MEMBER_REMOVED.equals(status.getDescription());
    }
}
