package dev.cairn.node.api;

import dev.cairn.node.proto.etcdserverpb.WatchGrpc;
import dev.cairn.node.proto.etcdserverpb.WatchRequest;
import dev.cairn.node.proto.etcdserverpb.WatchResponse;
import dev.cairn.node.watch.WatchHub;
import dev.cairn.node.watch.WatchSink;
import dev.cairn.node.watch.WatchStream;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * etcd's Watch service: each call is one {@link WatchStream} of the node's watch hub. Client requests are read one
 * at a time, the next only once the stream can queue its answer, so a client cannot pile up responses.
 */
final class WatchService extends WatchGrpc.WatchImplBase implements AutoCloseable {
    private final WatchHub hub;
    private final int maxRequestBytes;
    private final Set<WatchStream> open = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService progressTicker;

    WatchService(WatchHub hub, int maxRequestBytes, Duration progressInterval) {
        this.hub = hub;
        this.maxRequestBytes = maxRequestBytes;
        this.progressTicker = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "cairn-watch-progress");
            thread.setDaemon(true);
            return thread;
        });
        long millis = progressInterval.toMillis();
        progressTicker.scheduleAtFixedRate(hub::notifyProgress, millis, millis, TimeUnit.MILLISECONDS);
    }

    @Override
    public StreamObserver<WatchRequest> watch(StreamObserver<WatchResponse> responses) {
        ServerCallStreamObserver<WatchResponse> call = (ServerCallStreamObserver<WatchResponse>) responses;
        call.disableAutoRequest();
        WatchStream stream = hub.open(new CallSink(call), maxRequestBytes);
        open.add(stream);
        call.setOnReadyHandler(stream::readyChanged);
        call.setOnCancelHandler(() -> close(stream, false));
        call.request(1);
        return new StreamObserver<>() {
            @Override
            public void onNext(WatchRequest request) {
                switch (request.getRequestUnionCase()) {
                    case CREATE_REQUEST -> hub.create(stream, request.getCreateRequest());
                    case CANCEL_REQUEST -> hub.cancel(stream, request.getCancelRequest().getWatchId());
                    case PROGRESS_REQUEST -> hub.requestProgress(stream);
                    case REQUESTUNION_NOT_SET -> {
                        // etcd ignores an empty request
                    }
                }
                stream.afterRequest(() -> call.request(1));
            }

            @Override
            public void onError(Throwable t) {
                close(stream, false);
            }

            @Override
            public void onCompleted() {
                close(stream, true); // etcd ends the call once the client stops sending
            }
        };
    }

    private void close(WatchStream stream, boolean finish) {
        open.remove(stream);
        hub.close(stream, finish);
    }

    /** Ends the open streams normally, so that the server can stop without waiting for their clients. */
    @Override
    public void close() {
        progressTicker.shutdownNow();
        open.forEach(stream -> close(stream, true));
    }

    private record CallSink(ServerCallStreamObserver<WatchResponse> call) implements WatchSink {
        @Override
        public boolean isReady() {
            return call.isReady();
        }

        @Override
        public void send(WatchResponse response) {
            call.onNext(response);
        }

        @Override
        public void finish() {
            call.onCompleted();
        }
    }
}
