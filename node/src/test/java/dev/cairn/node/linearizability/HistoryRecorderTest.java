package dev.cairn.node.linearizability;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** How the recorder classifies failed calls, and what it records when no member answers at all. */
class HistoryRecorderTest {
    @Test
    void refusalsAndUnmadeConnectionsAreDefiniteEverythingElseUnknown() {
        assertThat(CallFailures.outcomeOf(Status.INVALID_ARGUMENT.asRuntimeException())).isEqualTo(Outcome.FAILED);
        assertThat(CallFailures.outcomeOf(Status.RESOURCE_EXHAUSTED.asRuntimeException())).isEqualTo(Outcome.FAILED);
        assertThat(CallFailures.outcomeOf(Status.UNAVAILABLE.withCause(
                new IOException("wrapped", new ConnectException("Connection refused"))).asRuntimeException()))
                .isEqualTo(Outcome.FAILED);
        assertThat(CallFailures.outcomeOf(Status.UNAVAILABLE.withDescription("etcdserver: request timed out")
                .asRuntimeException())).isEqualTo(Outcome.UNKNOWN);
        assertThat(CallFailures.outcomeOf(Status.UNAVAILABLE.withCause(new IOException("Connection reset"))
                .asRuntimeException())).isEqualTo(Outcome.UNKNOWN);
        assertThat(CallFailures.outcomeOf(new StatusRuntimeException(Status.DEADLINE_EXCEEDED)))
                .isEqualTo(Outcome.UNKNOWN);
        assertThat(CallFailures.outcomeOf(Status.CANCELLED.asRuntimeException())).isEqualTo(Outcome.UNKNOWN);
    }

    @Test
    void writesToAnEndpointNobodyListensOnAreRecordedAsFailedAndReadsDropped() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        LoadPlan plan = LoadPlan.of(2, List.of("k"), Duration.ofSeconds(2), 40, Duration.ofSeconds(30), 3);
        History history;
        long droppedReads;
        try (HistoryRecorder recorder = HistoryRecorder.start(plan, List.of("http://127.0.0.1:" + port))) {
            history = recorder.awaitEnd();
            droppedReads = recorder.droppedReads();
        }
        assertThat(history.operations()).isNotEmpty()
                .allSatisfy(op -> assertThat(op.outcome()).isEqualTo(Outcome.FAILED));
        assertThat(history.operations().size() + droppedReads).isEqualTo(40);
        assertThat(new LinearizabilityChecker().check(history).linearizable()).isTrue();
    }

    @Test
    void plansAndEndpointsAreValidated() {
        assertThatThrownBy(() -> LoadPlan.of(0, List.of("k"), Duration.ofSeconds(1), 10, Duration.ofSeconds(1), 1))
                .hasMessageContaining("at least one client");
        assertThatThrownBy(() -> LoadPlan.of(1, List.of("k"), Duration.ZERO, 10, Duration.ofSeconds(1), 1))
                .hasMessageContaining("call deadline must be positive");
        LoadPlan plan = LoadPlan.of(1, List.of("k"), Duration.ofSeconds(1), 10, Duration.ofSeconds(1), 1);
        assertThatThrownBy(() -> HistoryRecorder.start(plan, List.of("https://127.0.0.1:2379")))
                .hasMessageContaining("expected a plaintext endpoint http://host:port");
    }
}
