package dev.cairn.node.api;

import dev.cairn.node.metrics.GrpcRequestCounters;
import io.grpc.ForwardingServerCall;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Counts every call of the client gRPC server into go-grpc-prometheus' counters: started when it arrives, each
 * message received and sent, and handled once with its final status (Canceled when the client goes away first).
 */
final class GrpcMetricsInterceptor implements ServerInterceptor {
    private final GrpcRequestCounters counters;

    GrpcMetricsInterceptor(GrpcRequestCounters counters) {
        this.counters = counters;
    }

    /** Registers every method of the services so their series exist before the first call, as in etcd. */
    void register(List<ServerServiceDefinition> services) {
        for (ServerServiceDefinition service : services) {
            for (ServerMethodDefinition<?, ?> method : service.getMethods()) {
                counters(method.getMethodDescriptor());
            }
        }
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                       ServerCallHandler<Q, R> next) {
        GrpcRequestCounters.Method method = counters(call.getMethodDescriptor());
        method.started();
        CountingCall<Q, R> counted = new CountingCall<>(call, method);
        return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(next.startCall(counted, headers)) {
            @Override
            public void onMessage(Q message) {
                method.received();
                super.onMessage(message);
            }

            @Override
            public void onCancel() {
                counted.finish(Status.Code.CANCELLED);
                super.onCancel();
            }
        };
    }

    private GrpcRequestCounters.Method counters(MethodDescriptor<?, ?> descriptor) {
        return counters.method(descriptor.getServiceName(), descriptor.getBareMethodName(), type(descriptor.getType()));
    }

    private static String type(MethodDescriptor.MethodType type) {
        return switch (type) {
            case UNARY -> "unary";
            case CLIENT_STREAMING -> "client_stream";
            case SERVER_STREAMING -> "server_stream";
            case BIDI_STREAMING, UNKNOWN -> "bidi_stream";
        };
    }

    private static final class CountingCall<Q, R> extends ForwardingServerCall.SimpleForwardingServerCall<Q, R> {
        private final GrpcRequestCounters.Method method;
        /** close() and a cancellation may race; the call is counted as handled only once. */
        private final AtomicBoolean finished = new AtomicBoolean();

        CountingCall(ServerCall<Q, R> delegate, GrpcRequestCounters.Method method) {
            super(delegate);
            this.method = method;
        }

        @Override
        public void sendMessage(R message) {
            method.sent();
            super.sendMessage(message);
        }

        @Override
        public void close(Status status, Metadata trailers) {
            finish(status.getCode());
            super.close(status, trailers);
        }

        void finish(Status.Code code) {
            if (finished.compareAndSet(false, true)) {
                method.handled(code.value());
            }
        }
    }
}
