package dev.cairn.node.peer;

import dev.cairn.node.error.EtcdError;
import dev.cairn.node.error.EtcdException;
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

    /** A leader's failure to answer a forwarded request, as its status: etcd's errors keep their text. */
    static Status forwardedFailure(Throwable failure) {
        Throwable cause = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        if (cause instanceof EtcdException etcd) {
            return Status.fromCode(Status.Code.valueOf(etcd.error().code().name())).withDescription(etcd.getMessage());
        }
        return Status.UNKNOWN.withDescription(String.valueOf(cause.getMessage()));
    }

    /** The etcd error a leader answered a forwarded request with, or "leader changed" when it could not be asked. */
    static EtcdException fromForwarded(Throwable failure) {
        Status status = Status.fromThrowable(failure);
        return EtcdError.fromMessage(status.getDescription())
                .orElse(status.getCode() == Status.Code.DEADLINE_EXCEEDED ? EtcdError.TIMEOUT : EtcdError.LEADER_CHANGED)
                .exception();
    }

    /** Whether a peer refused us because we were removed from the cluster. */
    static boolean isMemberRemoved(Status status) {
        return status.getCode() == Status.Code.FAILED_PRECONDITION && MEMBER_REMOVED.equals(status.getDescription());
    }
}
