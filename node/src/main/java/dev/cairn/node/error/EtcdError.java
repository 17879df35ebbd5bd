package dev.cairn.node.error;

import static dev.cairn.node.error.ErrorCode.*;

/**
 * etcd's client-visible errors. Clients match them by code and exact message, byte for byte
 * (shared/docs/etcd-contract.md section 1.9), so the texts here must never be reworded.
 */
public enum EtcdError {
    KEY_NOT_PROVIDED(INVALID_ARGUMENT, "etcdserver: key is not provided"),
    KEY_NOT_FOUND(INVALID_ARGUMENT, "etcdserver: key not found"),
    VALUE_PROVIDED(INVALID_ARGUMENT, "etcdserver: value is provided"),
    LEASE_PROVIDED(INVALID_ARGUMENT, "etcdserver: lease is provided"),
    TOO_MANY_OPS(INVALID_ARGUMENT, "etcdserver: too many operations in txn request"),
    DUPLICATE_KEY(INVALID_ARGUMENT, "etcdserver: duplicate key given in txn request"),
    INVALID_SORT_OPTION(INVALID_ARGUMENT, "etcdserver: invalid sort option"),
    INVALID_CLIENT_API_VERSION(INVALID_ARGUMENT, "etcdserver: invalid client api version"),
    COMPACTED(OUT_OF_RANGE, "etcdserver: mvcc: required revision has been compacted"),
    FUTURE_REV(OUT_OF_RANGE, "etcdserver: mvcc: required revision is a future revision"),
    NO_SPACE(RESOURCE_EXHAUSTED, "etcdserver: mvcc: database space exceeded"),
    LEASE_NOT_FOUND(NOT_FOUND, "etcdserver: requested lease not found"),
    REQUEST_TOO_LARGE(INVALID_ARGUMENT, "etcdserver: request is too large"),
    TOO_MANY_REQUESTS(RESOURCE_EXHAUSTED, "etcdserver: too many requests"),
    NO_LEADER(UNAVAILABLE, "etcdserver: no leader"),
    NOT_LEADER(FAILED_PRECONDITION, "etcdserver: not leader"),
    LEADER_CHANGED(UNAVAILABLE, "etcdserver: leader changed"),
    STOPPED(UNAVAILABLE, "etcdserver: server stopped"),
    TIMEOUT(UNAVAILABLE, "etcdserver: request timed out"),
    CORRUPT(DATA_LOSS, "etcdserver: corrupt cluster"),
    NOT_SUPPORTED_FOR_LEARNER(FAILED_PRECONDITION, "etcdserver: rpc not supported for learner"),
    REQUEST_CANCELED(CANCELLED, "etcdserver: request canceled"),
    LEASE_EXISTS(FAILED_PRECONDITION, "etcdserver: lease already exists"),
    LEASE_TTL_TOO_LARGE(OUT_OF_RANGE, "etcdserver: too large lease TTL"),
    BAD_LEADER_TRANSFEREE(FAILED_PRECONDITION, "etcdserver: bad leader transferee"),
    MEMBER_EXISTS(FAILED_PRECONDITION, "etcdserver: member ID already exist"),
    PEER_URL_EXISTS(FAILED_PRECONDITION, "etcdserver: Peer URLs already exists"),
    NOT_ENOUGH_STARTED_MEMBERS(FAILED_PRECONDITION,
            "etcdserver: re-configuration failed due to not enough started members"),
    MEMBER_BAD_URLS(INVALID_ARGUMENT, "etcdserver: given member URLs are invalid"),
    MEMBER_NOT_FOUND(NOT_FOUND, "etcdserver: member not found"),
    MEMBER_NOT_LEARNER(FAILED_PRECONDITION, "etcdserver: can only promote a learner member"),
    LEARNER_NOT_READY(FAILED_PRECONDITION, "etcdserver: can only promote a learner member which is in sync with leader"),
    TOO_MANY_LEARNERS(FAILED_PRECONDITION, "etcdserver: too many learner members in cluster"),
    UNHEALTHY(UNAVAILABLE, "etcdserver: unhealthy cluster"),
    /** etcd has no gRPC mapping for this one, so clients see it with code Unknown. */
    LEADER_TRANSFER_TIMEOUT(UNKNOWN, "etcdserver: request timed out, leader transfer took too long"),
    MEMBER_REMOVED(FAILED_PRECONDITION, "the member has been permanently removed from the cluster");

    private final ErrorCode code;
    private final String message;

    EtcdError(ErrorCode code, String message) {
        this.code = code;
        this.message = message;
    }

    public ErrorCode code() {
        return code;
    }

    public String message() {
        return message;
    }

    /** The error whose text a peer sent back, if it is one of etcd's. */
    public static java.util.Optional<EtcdError> fromMessage(String message) {
        for (EtcdError error : values()) {
            if (error.message.equals(message)) {
                return java.util.Optional.of(error);
            }
        }
        return java.util.Optional.empty();
    }

    public EtcdException exception() {
        return new EtcdException(this);
    }
}
