package dev.cairn.node.server;

import com.google.protobuf.ByteString;
import dev.cairn.node.lease.LeaseCheckpointPolicy;
import dev.cairn.node.proto.etcdserverpb.PutRequest;
import dev.cairn.node.proto.raft.InternalRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The compactor thread proposes compactions through the log of a running member. */
class AutoCompactorTest {
    @TempDir
    Path dataDir;

    @Test
    void revisionModeCompactsToTheCurrentRevisionMinusTheRetention() throws Exception {
        String peer = "http://127.0.0.1:2380";
        ServerSettings settings = new ServerSettings("m1", dataDir, null, Map.of("m1", List.of(peer)), true, "t",
                List.of(peer), List.of("http://127.0.0.1:2379"), 100_000, Duration.ofMillis(100),
                Duration.ofMillis(1000), 128, 1_572_864, 2L << 30, LeaseCheckpointPolicy.DISABLED,
                Duration.ofMinutes(10), true, 5_000);
        try (EtcdNode node = EtcdNode.start(settings, Throwable::printStackTrace)) {
            for (int i = 0; i < 10; i++) {
                node.propose(InternalRequest.newBuilder().setPut(PutRequest.newBuilder()
                        .setKey(ByteString.copyFromUtf8("k")).setValue(ByteString.copyFromUtf8("v" + i))))
                        .get(10, TimeUnit.SECONDS);
            }
            long current = node.store().currentRevision();
            try (AutoCompactor ignored = new AutoCompactor(node, new RevisionCompaction(3, Duration.ofMillis(20)))) {
                await().atMost(Duration.ofSeconds(10)).until(() -> node.store().compactRevision() == current - 3);
            }
            assertThat(node.store().currentRevision()).isEqualTo(current);
        }
    }
}
