package dev.cairn.node.api;

import dev.cairn.node.error.EtcdError;
import dev.cairn.node.error.EtcdException;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** Turns the node's failures into the gRPC statuses etcd clients expect, code and text byte for byte. */
final class GrpcErrors {
    private static final System.Logger LOG = System.getLogger(GrpcErrors.class.getName());

    private GrpcErrors() {
    }

    static StatusRuntimeException toStatus(Throwable failure) {
        Throwable cause = unwrap(failure);
        if (cause instanceof EtcdException etcd) {
            return toStatus(etcd.error());
        }
        if (cause instanceof StatusRuntimeException status) {
            return status;
        }
        LOG.log(System.Logger.Level.WARNING, "request failed unexpectedly", cause);
        return Status.UNKNOWN.withDescription(String.valueOf(cause.getMessage())).asRuntimeException();
    }

    static StatusRuntimeException toStatus(EtcdError error) {
        Status.Code code = switch (error.code()) {
            case CANCELLED -> Status.Code.CANCELLED;
            case UNKNOWN -> Status.Code.UNKNOWN;
            case INVALID_ARGUMENT -> Status.Code.INVALID_ARGUMENT;
            case DEADLINE_EXCEEDED -> Status.Code.DEADLINE_EXCEEDED;
            case NOT_FOUND -> Status.Code.NOT_FOUND;
            case PERMISSION_DENIED -> Status.Code.PERMISSION_DENIED;
            case RESOURCE_EXHAUSTED -> Status.Code.RESOURCE_EXHAUSTED;
            case FAILED_PRECONDITION -> Status.Code.FAILED_PRECONDITION;
            case OUT_OF_RANGE -> Status.Code.OUT_OF_RANGE;
            case UNAVAILABLE -> Status.Code.UNAVAILABLE;
            case DATA_LOSS -> Status.Code.DATA_LOSS;
            case UNAUTHENTICATED -> Status.Code.UNAUTHENTICATED;
        };
        return Status.fromCode(code).withDescription(error.message()).asRuntimeException();
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
