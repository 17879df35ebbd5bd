package dev.cairn.node.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.cairn.node.proto.etcdserverpb.WatchCreateRequest;
import dev.cairn.node.proto.etcdserverpb.WatchResponse;
import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --experimental-watch-progress-notify-interval: a member set to 200 ms notifies the watchers that asked for it. */
class WatchProgressIntervalTest {
    @TempDir
    Path dataDir;

    private InProcessMember member;
    private ManagedChannel channel;

    @BeforeEach
    void start() throws Exception {
        member = InProcessMember.startWithWatchProgress(dataDir, Duration.ofMillis(200));
        channel = NettyChannelBuilder.forAddress("127.0.0.1", member.port()).usePlaintext().build();
    }

    @AfterEach
    void stop() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        member.close();
    }

    @Test
    void notificationsComeEveryIntervalToTheWatcherThatAskedAndNoOther() throws Exception {
        WatchCall watch = new WatchCall(channel);
        watch.create(WatchCreateRequest.newBuilder().setKey(ByteString.copyFromUtf8("quiet")));
        long asked = watch.create(WatchCreateRequest.newBuilder().setKey(ByteString.copyFromUtf8("asked"))
                .setProgressNotify(true)).getWatchId();
        long revision = member.node().store().currentRevision();

        // Each notification of the quiet watcher would have come in the same round as one of these.
        for (int i = 0; i < 3; i++) {
            WatchResponse progress = watch.next();
            assertThat(progress.getWatchId()).isEqualTo(asked);
            assertThat(progress.getEventsCount()).isZero();
            assertThat(progress.getHeader().getRevision()).isEqualTo(revision);
        }
        watch.close();
    }
}
