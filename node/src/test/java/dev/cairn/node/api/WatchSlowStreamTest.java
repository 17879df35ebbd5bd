package dev.cairn.node.api;

import com.google.protobuf.ByteString;
import dev.cairn.node.proto.etcdserverpb.PutRequest;
import dev.cairn.node.proto.etcdserverpb.WatchCreateRequest;
import dev.cairn.node.proto.etcdserverpb.WatchResponse;
import dev.cairn.node.proto.raft.InternalRequest;
import dev.cairn.node.watch.WatchHub;
import dev.cairn.node.watch.WatchSink;
import dev.cairn.node.watch.WatchStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A stream whose transport takes nothing for a while: its watcher falls out of the synced group instead of
 * buffering without limit, and is caught up from the store, every revision once and in order, when it drains.
 */
class WatchSlowStreamTest {
    private static final int WRITES = 300;

    @TempDir
    Path dataDir;

    private InProcessMember member;

    @BeforeEach
    void start() throws Exception {
        member = InProcessMember.start(dataDir);
    }

    @AfterEach
    void stop() {
        member.close();
    }

    /** A transport that is not ready until the test opens it. */
    private static final class GatedSink implements WatchSink {
        final List<WatchResponse> sent = new CopyOnWriteArrayList<>();
        volatile boolean ready;

        @Override
        public boolean isReady() {
            return ready;
        }

        @Override
        public void send(WatchResponse response) {
            sent.add(response);
        }

        @Override
        public void finish() {
        }
    }

    private long put(int i) throws Exception {
        Object response = member.node().propose(InternalRequest.newBuilder().setPut(PutRequest.newBuilder()
                .setKey(ByteString.copyFromUtf8("k")).setValue(ByteString.copyFromUtf8(Integer.toString(i)))))
                .get(10, TimeUnit.SECONDS);
        return ((dev.cairn.node.proto.etcdserverpb.PutResponse) response).getHeader().getRevision();
    }

    @Test
    void aStalledStreamIsCaughtUpFromTheStoreWithoutLossOrDuplicates() throws Exception {
        WatchHub hub = member.node().watchHub();
        GatedSink sink = new GatedSink();
        WatchStream stream = hub.open(sink, 1_572_864);
        hub.create(stream, WatchCreateRequest.newBuilder().setKey(ByteString.copyFromUtf8("k")).setPrevKv(true).build());
        long first = put(0);
        long last = first;
        for (int i = 1; i < WRITES; i++) {
            last = put(i);
        }
        // More revisions than the outbox holds: the watcher is unsynced now, so a progress request goes unanswered.
        hub.requestProgress(stream);
        sink.ready = true;
        stream.readyChanged();
        long wanted = last;
        await().atMost(Duration.ofSeconds(20)).until(() -> sink.sent.stream()
                .flatMap(r -> r.getEventsList().stream()).anyMatch(e -> e.getKv().getModRevision() == wanted));
        hub.requestProgress(stream);
        await().atMost(Duration.ofSeconds(10)).until(() -> sink.sent.getLast().getWatchId() == -1);

        assertThat(sink.sent.getFirst().getCreated()).isTrue();
        List<WatchResponse> progress = sink.sent.stream().filter(r -> r.getWatchId() == -1).toList();
        assertThat(progress).hasSize(1);
        assertThat(progress.getFirst().getHeader().getRevision()).isEqualTo(last);
        List<Long> revisions = sink.sent.stream().flatMap(r -> r.getEventsList().stream())
                .map(e -> e.getKv().getModRevision()).toList();
        assertThat(revisions).hasSize(WRITES);
        for (int i = 0; i < WRITES; i++) {
            assertThat(revisions.get(i)).isEqualTo(first + i);
        }
        List<String> prevValues = sink.sent.stream().flatMap(r -> r.getEventsList().stream()).skip(1)
                .map(e -> e.getPrevKv().getValue().toStringUtf8()).toList();
        assertThat(prevValues.getFirst()).isEqualTo("0");
        assertThat(prevValues.getLast()).isEqualTo(Integer.toString(WRITES - 2));
        hub.close(stream, false);
    }
}
