package dev.cairn.node.error;

/**
 * The gRPC status codes etcd answers with, named as gRPC names them. Kept apart from grpc-java so the
 * storage and apply layers can raise etcd errors without depending on the RPC library.
 */
public enum ErrorCode {
    CANCELLED,
    UNKNOWN,
    INVALID_ARGUMENT,
    DEADLINE_EXCEEDED,
    NOT_FOUND,
    PERMISSION_DENIED,
    RESOURCE_EXHAUSTED,
    FAILED_PRECONDITION,
    OUT_OF_RANGE,
    UNAVAILABLE,
    DATA_LOSS,
    UNAUTHENTICATED
}
