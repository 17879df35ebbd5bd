package dev.cairn.node.linearizability;

import dev.cairn.node.proto.etcdserverpb.DeleteRangeRequest;
import dev.cairn.node.proto.etcdserverpb.DeleteRangeResponse;
import dev.cairn.node.proto.etcdserverpb.KVGrpc;
import dev.cairn.node.proto.etcdserverpb.PutRequest;
import dev.cairn.node.proto.etcdserverpb.PutResponse;
import dev.cairn.node.proto.etcdserverpb.RangeRequest;
import dev.cairn.node.proto.etcdserverpb.RangeResponse;
import dev.cairn.node.proto.etcdserverpb.TxnRequest;
import dev.cairn.node.proto.etcdserverpb.TxnResponse;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A deliberately broken KV endpoint for testing the checker: it forwards everything to a real member but answers
 * a range from the first answer it got for that request, never refreshed, so reads through it go stale as soon as
 * the key is written through another endpoint.
 */
public final class StaleCachingKvProxy implements AutoCloseable {
    private static final int MAX_CACHED = 1000;

    private final ManagedChannel upstream;
    private final Server server;

    private StaleCachingKvProxy(ManagedChannel upstream, Server server) {
        this.upstream = upstream;
        this.server = server;
    }

    /** Listens on a free loopback port in front of the member on {@code upstreamPort}. */
    public static StaleCachingKvProxy start(int upstreamPort) throws IOException {
        ManagedChannel upstream = NettyChannelBuilder.forAddress("127.0.0.1", upstreamPort).usePlaintext().build();
        Server server = NettyServerBuilder.forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .addService(new CachingService(KVGrpc.newBlockingStub(upstream))).build();
        try {
            server.start();
        } catch (IOException e) {
            upstream.shutdownNow();
            throw e;
        }
        return new StaleCachingKvProxy(upstream, server);
    }

    public String endpoint() {
        return "http://127.0.0.1:" + server.getPort();
    }

    @Override
    public void close() throws InterruptedException {
        server.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
        upstream.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
    }

    private static final class CachingService extends KVGrpc.KVImplBase {
        private final KVGrpc.KVBlockingStub member;
        private final Map<RangeRequest, RangeResponse> cache = new ConcurrentHashMap<>();

        CachingService(KVGrpc.KVBlockingStub member) {
            this.member = member;
        }

        @Override
        public void range(RangeRequest request, StreamObserver<RangeResponse> reply) {
            RangeResponse cached = cache.get(request);
            if (cached != null) {
                answer(reply, cached);
                return;
            }
            forward(reply, () -> {
                RangeResponse fresh = member.range(request);
                if (cache.size() < MAX_CACHED) {
                    cache.putIfAbsent(request, fresh);
                }
                return fresh;
            });
        }

        @Override
        public void put(PutRequest request, StreamObserver<PutResponse> reply) {
            forward(reply, () -> member.put(request));
        }

        @Override
        public void deleteRange(DeleteRangeRequest request, StreamObserver<DeleteRangeResponse> reply) {
            forward(reply, () -> member.deleteRange(request));
        }

        @Override
        public void txn(TxnRequest request, StreamObserver<TxnResponse> reply) {
            forward(reply, () -> member.txn(request));
        }

        private interface Call<T> {
            T run();
        }

        private static <T> void forward(StreamObserver<T> reply, Call<T> call) {
            T response;
            try {
                response = call.run();
            } catch (StatusRuntimeException failure) {
                reply.onError(failure.getStatus().asRuntimeException());
                return;
            }
            answer(reply, response);
        }

        private static <T> void answer(StreamObserver<T> reply, T response) {
            reply.onNext(response);
            reply.onCompleted();
        }
    }
}
