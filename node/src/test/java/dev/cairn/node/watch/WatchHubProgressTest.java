package dev.cairn.node.watch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import dev.cairn.node.proto.etcdserverpb.ResponseHeader;
import dev.cairn.node.proto.etcdserverpb.WatchCreateRequest;
import dev.cairn.node.proto.etcdserverpb.WatchResponse;
import dev.cairn.node.storage.mvcc.MvccStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The periodic progress notification of the hub, with its catch-up thread not started: a watcher whose start
 * revision is in the past then stays unsynced for the whole test.
 */
class WatchHubProgressTest {
    @TempDir
    Path dir;

    private static final class CollectingSink implements WatchSink {
        final List<WatchResponse> sent = new CopyOnWriteArrayList<>();

        @Override
        public boolean isReady() {
            return true;
        }

        @Override
        public void send(WatchResponse response) {
            sent.add(response);
        }

        @Override
        public void finish() {
        }
    }

    private static WatchCreateRequest watch(String key, boolean progressNotify, long startRevision) {
        return WatchCreateRequest.newBuilder().setKey(ByteString.copyFromUtf8(key)).setProgressNotify(progressNotify)
                .setStartRevision(startRevision).build();
    }

    @Test
    void onlySyncedWatchersThatAskedForItAreNotified() {
        try (MvccStore store = MvccStore.open(dir);
             WatchHub hub = new WatchHub(store, rev -> ResponseHeader.newBuilder().setRevision(rev).build(),
                     Duration.ofMillis(200))) {
            CollectingSink sink = new CollectingSink();
            WatchStream stream = hub.open(sink, 1 << 20);
            hub.create(stream, watch("unsynced", true, 1)); // id 0: revision 1 is past, nobody catches it up
            hub.create(stream, watch("asked", true, 0)); // id 1
            hub.create(stream, watch("silent", false, 0)); // id 2

            hub.notifyProgress();
            hub.cancel(stream, 2); // its answer comes after everything the notification queued
            await().atMost(Duration.ofSeconds(10)).until(() -> sink.sent.stream().anyMatch(WatchResponse::getCanceled));

            List<WatchResponse> progress = sink.sent.stream()
                    .filter(r -> !r.getCreated() && !r.getCanceled()).toList();
            assertThat(progress).singleElement().satisfies(r -> {
                assertThat(r.getWatchId()).isEqualTo(1);
                assertThat(r.getEventsCount()).isZero();
                assertThat(r.getHeader().getRevision()).isEqualTo(store.currentRevision());
            });
            hub.close(stream, true);
        }
    }
}
