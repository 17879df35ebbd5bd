package dev.cairn.node.api;

import dev.cairn.node.error.EtcdError;
import dev.cairn.node.server.RaftStatusView;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;

/**
 * Honours etcd's {@code hasleader} metadata (clientv3.WithRequireLeader, set by kube-apiserver on every watch): a
 * call that requires a leader fails at once with "no leader" while the member has none.
 */
final class HasLeaderInterceptor implements ServerInterceptor {
    private static final Metadata.Key<String> HAS_LEADER = Metadata.Key.of("hasleader", Metadata.ASCII_STRING_MARSHALLER);

    private final RaftStatusView raft;

    HasLeaderInterceptor(RaftStatusView raft) {
        this.raft = raft;
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        if ("true".equals(headers.get(HAS_LEADER)) && !raft.hasLeader()) {
            call.close(GrpcErrors.toStatus(EtcdError.NO_LEADER).getStatus(), new Metadata());
            return new ServerCall.Listener<>() {
            };
        }
        return next.startCall(call, headers);
    }
}
