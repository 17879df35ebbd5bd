package dev.cairn.node.api;

import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.stub.StreamObserver;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** While the store is rewritten the gRPC health service answers NOT_SERVING, and SERVING again afterwards. */
class DefragmenterTest {
    private final HealthStatusManager health = new HealthStatusManager();

    private ServingStatus healthNow() {
        List<HealthCheckResponse> answers = new ArrayList<>();
        ((HealthGrpc.HealthImplBase) health.getHealthService()).check(HealthCheckRequest.getDefaultInstance(),
                new StreamObserver<>() {
                    @Override
                    public void onNext(HealthCheckResponse value) {
                        answers.add(value);
                    }

                    @Override
                    public void onError(Throwable t) {
                        throw new AssertionError(t);
                    }

                    @Override
                    public void onCompleted() {
                    }
                });
        return answers.getFirst().getStatus();
    }

    @Test
    void healthIsNotServingWhileTheStoreIsRewritten() {
        List<ServingStatus> during = new ArrayList<>();
        Defragmenter defragmenter = new Defragmenter(() -> during.add(healthNow()), health);

        defragmenter.defragment();

        assertThat(during).containsExactly(ServingStatus.NOT_SERVING);
        assertThat(healthNow()).isEqualTo(ServingStatus.SERVING);
    }

    @Test
    void healthServesAgainWhenTheRewriteFails() {
        Defragmenter defragmenter = new Defragmenter(() -> {
            throw new IllegalStateException("disk full");
        }, health);

        assertThatThrownBy(defragmenter::defragment).hasMessage("disk full");
        assertThat(healthNow()).isEqualTo(ServingStatus.SERVING);
    }
}
