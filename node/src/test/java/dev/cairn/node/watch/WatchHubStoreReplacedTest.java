package dev.cairn.node.watch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import dev.cairn.node.proto.etcdserverpb.ResponseHeader;
import dev.cairn.node.proto.etcdserverpb.WatchCreateRequest;
import dev.cairn.node.proto.etcdserverpb.WatchResponse;
import dev.cairn.node.proto.mvccpb.Event;
import dev.cairn.node.storage.mvcc.MvccStore;
import dev.cairn.node.storage.mvcc.MvccWriteBatch;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Watchers of a follower whose store is replaced by the leader's snapshot: they catch up from the new store, or
 * are cancelled with the compact revision when what they are owed was compacted away; future watchers wait.
 */
class WatchHubStoreReplacedTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    private MvccStore leader;
    private MvccStore follower;
    private WatchHub hub;
    private final List<WatchResponse> sent = new CopyOnWriteArrayList<>();
    private WatchStream stream;

    @BeforeEach
    void setUp() {
        leader = MvccStore.open(dir.resolve("leader"));
        follower = MvccStore.open(dir.resolve("follower"));
        for (String value : List.of("1", "2", "3")) { // the history both members share: revisions 2..4
            write(leader, "k", value);
            write(follower, "k", value);
        }
        hub = new WatchHub(follower, revision -> ResponseHeader.newBuilder().setRevision(revision).build(),
                Duration.ofMinutes(10));
        hub.start();
        stream = hub.open(new WatchSink() {
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
        }, 1 << 20);
    }

    @AfterEach
    void tearDown() {
        hub.close();
        follower.close();
        leader.close();
    }

    @Test
    void aSyncedWatcherGetsTheRevisionsTheSnapshotAddedOnceAndInOrder() {
        watch(1, 0); // from revision 5 on
        watch(2, 9); // past the snapshot's revision 7
        for (String value : List.of("4", "5", "6")) {
            write(leader, "k", value); // revisions 5..7, which the follower never applied
        }

        replaceFollowerStore();
        hub.publish(write(follower, "k", "7")); // revision 8, applied after the snapshot
        hub.publish(write(follower, "k", "8")); // revision 9

        await().atMost(TIMEOUT).until(() -> eventRevisions(1).size() == 5 && eventRevisions(2).size() == 1);
        assertThat(eventRevisions(1)).containsExactly(5L, 6L, 7L, 8L, 9L);
        assertThat(eventRevisions(2)).containsExactly(9L);
    }

    @Test
    void aWatcherOwedRevisionsTheSnapshotCompactedIsCancelledWithTheCompactRevision() {
        watch(1, 0); // owed revision 5 on
        watch(2, 9);
        for (String value : List.of("4", "5", "6")) {
            write(leader, "k", value);
        }
        try (MvccWriteBatch batch = leader.beginWrite()) {
            batch.compact(6);
            batch.commit(leader.consistentIndex() + 1);
        }

        replaceFollowerStore();
        hub.publish(write(follower, "k", "7"));
        hub.publish(write(follower, "k", "8"));

        await().atMost(TIMEOUT).until(() -> cancellation(1) != null && eventRevisions(2).size() == 1);
        assertThat(cancellation(1).getCompactRevision()).isEqualTo(6);
        assertThat(eventRevisions(1)).isEmpty();
        assertThat(eventRevisions(2)).containsExactly(9L);
    }

    private void replaceFollowerStore() {
        leader.checkpoint(dir.resolve("staged"));
        follower.restoreFrom(dir.resolve("staged"));
        hub.storeReplaced();
    }

    private void watch(long id, long startRevision) {
        hub.create(stream, WatchCreateRequest.newBuilder().setKey(ByteString.copyFromUtf8("k")).setWatchId(id)
                .setStartRevision(startRevision).build());
    }

    private List<Long> eventRevisions(long watchId) {
        return sent.stream().filter(r -> r.getWatchId() == watchId).flatMap(r -> r.getEventsList().stream())
                .map(e -> e.getKv().getModRevision()).toList();
    }

    private WatchResponse cancellation(long watchId) {
        return sent.stream().filter(r -> r.getWatchId() == watchId && r.getCanceled()).findFirst().orElse(null);
    }

    /** One put of {@code key} committed to {@code store} at its next index; returns its events. */
    private List<Event> write(MvccStore store, String key, String value) {
        try (MvccWriteBatch batch = store.beginWrite()) {
            batch.beginRequest();
            batch.put(key.getBytes(StandardCharsets.UTF_8), ByteString.copyFromUtf8(value), 0);
            batch.endRequest();
            batch.commit(store.consistentIndex() + 1);
            return batch.events();
        }
    }
}
