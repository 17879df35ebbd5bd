package dev.cairn.node.api;

import dev.cairn.node.proto.etcdserverpb.WatchCancelRequest;
import dev.cairn.node.proto.etcdserverpb.WatchCreateRequest;
import dev.cairn.node.proto.etcdserverpb.WatchGrpc;
import dev.cairn.node.proto.etcdserverpb.WatchProgressRequest;
import dev.cairn.node.proto.etcdserverpb.WatchRequest;
import dev.cairn.node.proto.etcdserverpb.WatchResponse;
import io.grpc.ManagedChannel;
import io.grpc.stub.StreamObserver;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** One Watch stream opened with our generated stubs; responses are taken in arrival order with a deadline. */
final class WatchCall {
    private static final long DEADLINE_SECONDS = 10;

    private final LinkedBlockingQueue<WatchResponse> responses = new LinkedBlockingQueue<>();
    private final StreamObserver<WatchRequest> requests;

    WatchCall(ManagedChannel channel) {
        requests = WatchGrpc.newStub(channel).watch(new StreamObserver<>() {
            @Override
            public void onNext(WatchResponse response) {
                responses.add(response);
            }

            @Override
            public void onError(Throwable t) {
            }

            @Override
            public void onCompleted() {
            }
        });
    }

    WatchResponse create(WatchCreateRequest.Builder create) throws InterruptedException {
        requests.onNext(WatchRequest.newBuilder().setCreateRequest(create).build());
        WatchResponse created = next();
        assertThat(created.getCreated()).as("created response").isTrue();
        return created;
    }

    void cancel(long watchId) {
        requests.onNext(WatchRequest.newBuilder().setCancelRequest(WatchCancelRequest.newBuilder().setWatchId(watchId))
                .build());
    }

    void requestProgress() {
        requests.onNext(WatchRequest.newBuilder().setProgressRequest(WatchProgressRequest.getDefaultInstance()).build());
    }

    WatchResponse next() throws InterruptedException {
        WatchResponse response = responses.poll(DEADLINE_SECONDS, TimeUnit.SECONDS);
        assertThat(response).as("a watch response within " + DEADLINE_SECONDS + " s").isNotNull();
        return response;
    }

    void close() {
        requests.onCompleted();
    }
}
