package dev.cairn.node.cli.bench;

import dev.cairn.node.proto.etcdserverpb.KVGrpc;
import dev.cairn.node.proto.etcdserverpb.LeaseGrpc;
import dev.cairn.node.proto.etcdserverpb.WatchGrpc;
import io.grpc.ConnectivityState;
import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The benchmark's gRPC connections: {@code conns} plaintext channels, channel {@code i} to endpoint
 * {@code i mod endpoints}. Settings follow what etcd expects of clients: unlimited inbound message size (etcd
 * replies can be large) and no client keepalive pings (etcd's enforcement rejects pings more often than every 5 s).
 */
public final class BenchChannels implements AutoCloseable {
    private final List<ManagedChannel> channels = new ArrayList<>();

    public BenchChannels(List<Endpoint> endpoints, int conns) {
        for (int i = 0; i < conns; i++) {
            Endpoint endpoint = endpoints.get(i % endpoints.size());
            channels.add(NettyChannelBuilder.forAddress(endpoint.host(), endpoint.port())
                    .usePlaintext()
                    .maxInboundMessageSize(Integer.MAX_VALUE)
                    // Callbacks only record a latency, tally an event or send the next request: cheap enough
                    // for the Netty thread.
                    .directExecutor()
                    .build());
        }
    }

    /**
     * Connects every channel, waiting up to {@code timeout} in total.
     *
     * @throws BenchConnectException naming the first channel that did not become ready in time
     */
    public void connect(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (int i = 0; i < channels.size(); i++) {
            if (!awaitReady(channels.get(i), deadline)) {
                throw new BenchConnectException("could not connect to " + channels.get(i).authority()
                        + " within " + timeout.toMillis() + " ms (state " + channels.get(i).getState(false) + ")");
            }
        }
    }

    private static boolean awaitReady(ManagedChannel channel, long deadlineNanos) {
        ConnectivityState state = channel.getState(true);
        while (state != ConnectivityState.READY) {
            long remaining = deadlineNanos - System.nanoTime();
            if (remaining <= 0) {
                return false;
            }
            CountDownLatch changed = new CountDownLatch(1);
            channel.notifyWhenStateChanged(state, changed::countDown);
            try {
                if (!changed.await(remaining, TimeUnit.NANOSECONDS)) {
                    return false;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            // getState(true) also asks an IDLE channel to reconnect after a failed attempt.
            state = channel.getState(true);
        }
        return true;
    }

    public List<KVGrpc.KVFutureStub> kvStubs() {
        return channels.stream().map(KVGrpc::newFutureStub).toList();
    }

    public List<WatchGrpc.WatchStub> watchStubs() {
        return channels.stream().map(WatchGrpc::newStub).toList();
    }

    public List<LeaseGrpc.LeaseStub> leaseStubs() {
        return channels.stream().map(LeaseGrpc::newStub).toList();
    }

    public List<LeaseGrpc.LeaseFutureStub> leaseFutureStubs() {
        return channels.stream().map(LeaseGrpc::newFutureStub).toList();
    }

    @Override
    public void close() {
        channels.forEach(ManagedChannel::shutdownNow);
        for (ManagedChannel channel : channels) {
            try {
                channel.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
