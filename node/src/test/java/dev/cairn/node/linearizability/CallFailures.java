package dev.cairn.node.linearizability;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;

import java.net.ConnectException;
import java.util.EnumSet;
import java.util.Set;

/**
 * Tells, from a failed call's status, whether a write definitely did not happen. Only refusals that etcd gives
 * before (or instead of) applying, and connections that were never made, count as definite; anything else, above
 * all a deadline or a lost connection after sending, leaves the write unknown.
 */
final class CallFailures {
    private static final Set<Status.Code> REFUSED_BEFORE_EFFECT = EnumSet.of(
            Status.Code.INVALID_ARGUMENT, Status.Code.FAILED_PRECONDITION, Status.Code.OUT_OF_RANGE,
            Status.Code.PERMISSION_DENIED, Status.Code.UNAUTHENTICATED, Status.Code.UNIMPLEMENTED,
            Status.Code.NOT_FOUND, Status.Code.ALREADY_EXISTS, Status.Code.RESOURCE_EXHAUSTED);

    private CallFailures() {
    }

    static Outcome outcomeOf(StatusRuntimeException failure) {
        Status status = failure.getStatus();
        if (REFUSED_BEFORE_EFFECT.contains(status.getCode())) {
            return Outcome.FAILED;
        }
        if (status.getCode() == Status.Code.UNAVAILABLE && neverConnected(status.getCause())) {
            return Outcome.FAILED;
        }
        return Outcome.UNKNOWN;
    }

    /** Whether the member behind the endpoint looks gone, so a pinned client should move on. */
    static boolean suggestsMemberGone(StatusRuntimeException failure) {
        Status.Code code = failure.getStatus().getCode();
        return code == Status.Code.UNAVAILABLE || code == Status.Code.DEADLINE_EXCEEDED;
    }

    private static boolean neverConnected(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof ConnectException) {
                return true;
            }
        }
        return false;
    }
}
