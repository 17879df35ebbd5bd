package dev.cairn.node.cli.bench;

import dev.cairn.node.proto.etcdserverpb.KVGrpc;
import dev.cairn.node.proto.etcdserverpb.LeaseGrantRequest;
import dev.cairn.node.proto.etcdserverpb.LeaseGrantResponse;
import dev.cairn.node.proto.etcdserverpb.LeaseGrpc;
import dev.cairn.node.proto.etcdserverpb.LeaseKeepAliveRequest;
import dev.cairn.node.proto.etcdserverpb.LeaseKeepAliveResponse;
import dev.cairn.node.proto.etcdserverpb.LeaseRevokeRequest;
import dev.cairn.node.proto.etcdserverpb.LeaseRevokeResponse;
import dev.cairn.node.proto.etcdserverpb.PutRequest;
import dev.cairn.node.proto.etcdserverpb.PutResponse;
import dev.cairn.node.proto.etcdserverpb.ResponseHeader;
import dev.cairn.node.proto.etcdserverpb.WatchGrpc;
import dev.cairn.node.proto.etcdserverpb.WatchRequest;
import dev.cairn.node.proto.etcdserverpb.WatchResponse;
import dev.cairn.node.proto.mvccpb.Event;
import dev.cairn.node.proto.mvccpb.KeyValue;
import io.grpc.Server;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongPredicate;

/**
 * A tiny stand-in for an etcd server, enough for the watch and keep-alive loads: puts get increasing revisions and
 * are sent to the watchers whose range holds the key (synchronously, before the put is answered); leases are ids
 * that keep-alives renew. Faults are scripted per test: events to drop or send twice, leases answered as expired,
 * keep-alives never answered.
 */
final class ScriptedEtcd implements AutoCloseable {
    /** Revisions whose event watcher number 0 (the first created) does not get. */
    volatile LongPredicate dropForFirstWatcher = revision -> false;
    /** Revisions whose event every watcher gets twice. */
    volatile LongPredicate duplicate = revision -> false;
    final Set<Long> expiredLeases = ConcurrentHashMap.newKeySet();
    volatile boolean answerKeepAlives = true;

    final Map<Long, AtomicInteger> keepAlivesPerLease = new ConcurrentHashMap<>();
    final Set<Long> revoked = ConcurrentHashMap.newKeySet();
    final AtomicInteger granted = new AtomicInteger();

    private final Object lock = new Object();
    private final List<ScriptedWatcher> watchers = new ArrayList<>();
    private long revision = 1;
    private final Server server;

    private record ScriptedWatcher(StreamObserver<WatchResponse> stream, long id, String key, String end) {
        boolean holds(String k) {
            return k.compareTo(key) >= 0 && k.compareTo(end) < 0;
        }
    }

    ScriptedEtcd() throws IOException {
        server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                .addService(new Kv()).addService(new Watch()).addService(new Lease()).build().start();
    }

    int port() {
        return server.getPort();
    }

    private final class Kv extends KVGrpc.KVImplBase {
        @Override
        public void put(PutRequest request, StreamObserver<PutResponse> reply) {
            long rev;
            synchronized (lock) {
                rev = ++revision;
                Event event = Event.newBuilder().setType(Event.EventType.PUT).setKv(KeyValue.newBuilder()
                        .setKey(request.getKey()).setValue(request.getValue()).setModRevision(rev)).build();
                String key = request.getKey().toStringUtf8();
                for (int i = 0; i < watchers.size(); i++) {
                    ScriptedWatcher watcher = watchers.get(i);
                    if (!watcher.holds(key) || (i == 0 && dropForFirstWatcher.test(rev))) {
                        continue;
                    }
                    WatchResponse response = WatchResponse.newBuilder().setWatchId(watcher.id()).addEvents(event)
                            .build();
                    watcher.stream().onNext(response);
                    if (duplicate.test(rev)) {
                        watcher.stream().onNext(response);
                    }
                }
            }
            reply.onNext(PutResponse.newBuilder().setHeader(ResponseHeader.newBuilder().setRevision(rev)).build());
            reply.onCompleted();
        }
    }

    private final class Watch extends WatchGrpc.WatchImplBase {
        @Override
        public StreamObserver<WatchRequest> watch(StreamObserver<WatchResponse> stream) {
            return new StreamObserver<>() {
                private long nextId;

                @Override
                public void onNext(WatchRequest request) {
                    synchronized (lock) {
                        long id = nextId++;
                        watchers.add(new ScriptedWatcher(stream, id, request.getCreateRequest().getKey().toStringUtf8(),
                                request.getCreateRequest().getRangeEnd().toStringUtf8()));
                        stream.onNext(WatchResponse.newBuilder().setWatchId(id).setCreated(true).build());
                    }
                }

                @Override
                public void onError(Throwable t) {
                    forget(stream);
                }

                @Override
                public void onCompleted() {
                    forget(stream);
                }
            };
        }

        private void forget(StreamObserver<WatchResponse> stream) {
            synchronized (lock) {
                watchers.removeIf(watcher -> watcher.stream() == stream);
            }
        }
    }

    private final class Lease extends LeaseGrpc.LeaseImplBase {
        @Override
        public void leaseGrant(LeaseGrantRequest request, StreamObserver<LeaseGrantResponse> reply) {
            long id = 1000 + granted.incrementAndGet();
            reply.onNext(LeaseGrantResponse.newBuilder().setID(id).setTTL(request.getTTL()).build());
            reply.onCompleted();
        }

        @Override
        public void leaseRevoke(LeaseRevokeRequest request, StreamObserver<LeaseRevokeResponse> reply) {
            revoked.add(request.getID());
            reply.onNext(LeaseRevokeResponse.getDefaultInstance());
            reply.onCompleted();
        }

        @Override
        public StreamObserver<LeaseKeepAliveRequest> leaseKeepAlive(StreamObserver<LeaseKeepAliveResponse> reply) {
            return new StreamObserver<>() {
                @Override
                public void onNext(LeaseKeepAliveRequest request) {
                    keepAlivesPerLease.computeIfAbsent(request.getID(), id -> new AtomicInteger()).incrementAndGet();
                    if (answerKeepAlives) {
                        reply.onNext(LeaseKeepAliveResponse.newBuilder().setID(request.getID())
                                .setTTL(expiredLeases.contains(request.getID()) ? 0 : 600).build());
                    }
                }

                @Override
                public void onError(Throwable t) {
                }

                @Override
                public void onCompleted() {
                    reply.onCompleted();
                }
            };
        }
    }

    @Override
    public void close() throws InterruptedException {
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
}
