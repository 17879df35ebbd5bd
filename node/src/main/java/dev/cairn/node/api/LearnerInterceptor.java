package dev.cairn.node.api;

import dev.cairn.node.error.EtcdError;
import dev.cairn.node.proto.etcdserverpb.RangeRequest;
import dev.cairn.node.proto.etcdserverpb.StatusRequest;
import dev.cairn.node.server.RaftStatusView;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;

/**
 * A learner serves only {@code Status} and serializable {@code Range}, as etcd's isRPCSupportedForLearner decides;
 * every other call, streams included, fails with "rpc not supported for learner".
 */
final class LearnerInterceptor implements ServerInterceptor {
    private final RaftStatusView raft;

    LearnerInterceptor(RaftStatusView raft) {
        this.raft = raft;
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        if (!raft.isLearner()) {
            return next.startCall(call, headers);
        }
        if (call.getMethodDescriptor().getType() != MethodDescriptor.MethodType.UNARY) {
            return refuse(call);
        }
        ServerCall.Listener<Q> delegate = next.startCall(call, headers);
        return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(delegate) {
            private boolean refused;

            @Override
            public void onMessage(Q request) {
                if (supported(request)) {
                    super.onMessage(request);
                } else {
                    refused = true;
                    call.close(GrpcErrors.toStatus(EtcdError.NOT_SUPPORTED_FOR_LEARNER).getStatus(), new Metadata());
                }
            }

            @Override
            public void onHalfClose() {
                if (!refused) {
                    super.onHalfClose();
                }
            }
        };
    }

    private static boolean supported(Object request) {
        return request instanceof StatusRequest || (request instanceof RangeRequest range && range.getSerializable());
    }

    private static <Q, R> ServerCall.Listener<Q> refuse(ServerCall<Q, R> call) {
        call.close(GrpcErrors.toStatus(EtcdError.NOT_SUPPORTED_FOR_LEARNER).getStatus(), new Metadata());
        return new ServerCall.Listener<>() {
        };
    }
}
