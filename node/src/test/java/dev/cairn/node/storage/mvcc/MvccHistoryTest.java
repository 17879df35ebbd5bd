package dev.cairn.node.storage.mvcc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import dev.cairn.node.error.EtcdError;
import dev.cairn.node.error.EtcdException;
import dev.cairn.node.proto.mvccpb.Event;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The change history that watchers catch up from, and the events a batch hands to the watch hub. */
class MvccHistoryTest {
    @TempDir
    Path dir;

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String describe(Event e) {
        return e.getType() + " " + e.getKv().getKey().toStringUtf8() + "@" + e.getKv().getModRevision();
    }

    @Test
    void batchEventsAndStoredHistoryListChangesInRevisionOrder() {
        try (MvccStore store = MvccStore.open(dir)) {
            List<Event> batchEvents;
            try (MvccWriteBatch batch = store.beginWrite()) {
                batch.beginRequest();
                batch.put(b("a"), ByteString.copyFromUtf8("1"), 0);
                batch.put(b("b"), ByteString.copyFromUtf8("1"), 0);
                batch.endRequest();
                batch.beginRequest();
                batch.delete(b("a"));
                batch.endRequest();
                batch.beginRequest();
                batch.put(b("c"), ByteString.copyFromUtf8("open"), 0);
                assertThat(batch.events()).hasSize(3);
                batch.abortRequest();
                batchEvents = batch.events();
                batch.commit(1);
            }
            assertThat(batchEvents).extracting(MvccHistoryTest::describe)
                    .containsExactly("PUT a@2", "PUT b@2", "DELETE a@3");
            assertThat(store.history(1, Long.MAX_VALUE, 100)).isEqualTo(batchEvents);
            assertThat(store.history(3, 3, 100)).extracting(MvccHistoryTest::describe)
                    .containsExactly("DELETE a@3");
            assertThat(store.history(2, 10, 1)).extracting(MvccHistoryTest::describe).containsExactly("PUT a@2");
            assertThat(store.history(4, 10, 100)).isEmpty();
        }
    }

    @Test
    void historyBelowTheCompactRevisionIsRefused() {
        try (MvccStore store = MvccStore.open(dir, new ManualCompactionExecutor())) {
            try (MvccWriteBatch batch = store.beginWrite()) {
                for (int i = 0; i < 3; i++) {
                    batch.beginRequest();
                    batch.put(b("k"), ByteString.copyFromUtf8("v" + i), 0);
                    batch.endRequest();
                }
                batch.compact(3);
                batch.commit(1);
            }
            assertThatThrownBy(() -> store.history(2, 10, 10)).isInstanceOfSatisfying(EtcdException.class,
                    e -> assertThat(e.error()).isEqualTo(EtcdError.COMPACTED));
            assertThat(store.history(3, 10, 10)).extracting(MvccHistoryTest::describe)
                    .containsExactly("PUT k@3", "PUT k@4");
        }
    }
}
