package dev.cairn.node.storage.mvcc;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.cairn.node.proto.mvccpb.KeyValue;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Readers racing the apply thread (and compaction) only ever see whole batches. */
class ConcurrentReadTest {
    private static final int KEYS = 10;
    private static final int BATCHES = 300;

    @TempDir
    Path dir;

    @Test
    void readersSeeOnlyWholeBatches() throws Exception {
        try (MvccStore store = MvccStore.open(dir)) {
            AtomicBoolean writing = new AtomicBoolean(true);
            List<String> violations = new CopyOnWriteArrayList<>();
            KeyRange all = KeyRange.of(new byte[] {0}, new byte[] {0});

            Runnable reader = () -> {
                while (writing.get()) {
                    try {
                        readOnce(store, all, violations);
                    } catch (RuntimeException e) {
                        violations.add("read failed: " + e);
                    }
                }
            };
            Thread[] readers = {new Thread(reader), new Thread(reader)};
            for (Thread thread : readers) {
                thread.start();
            }
            try {
                for (int batchNo = 1; batchNo <= BATCHES; batchNo++) {
                    try (MvccWriteBatch batch = store.beginWrite()) {
                        for (int k = 0; k < KEYS; k++) {
                            batch.beginRequest();
                            batch.put(("key" + k).getBytes(StandardCharsets.UTF_8),
                                    ByteString.copyFromUtf8(Integer.toString(batchNo)), 0);
                            batch.endRequest();
                        }
                        if (batchNo % 5 == 0) {
                            batch.compact(batch.revision() - KEYS);
                        }
                        batch.commit(batchNo);
                    }
                }
            } finally {
                writing.set(false);
                for (Thread thread : readers) {
                    thread.join();
                }
            }
            assertThat(violations).isEmpty();
            assertThat(store.currentRevision()).isEqualTo(1 + (long) KEYS * BATCHES);
            assertThat(store.range(all, 0, 0, false).kvs())
                    .allSatisfy(kv -> assertThat(kv.getValue().toStringUtf8()).isEqualTo(Integer.toString(BATCHES)));
        }
    }

    private static void readOnce(MvccStore store, KeyRange all, List<String> violations) {
        RangeResult result = store.range(all, 0, 0, false);
        if (result.kvs().isEmpty()) {
            return;
        }
        Set<String> batchIds = new HashSet<>();
        for (KeyValue kv : result.kvs()) {
            batchIds.add(kv.getValue().toStringUtf8());
            if (kv.getModRevision() > result.revision()) {
                violations.add("value past the view's revision");
            }
        }
        if (result.kvs().size() != KEYS || batchIds.size() != 1) {
            violations.add("torn read: " + result.kvs().size() + " keys from batches " + batchIds);
        }
    }
}
