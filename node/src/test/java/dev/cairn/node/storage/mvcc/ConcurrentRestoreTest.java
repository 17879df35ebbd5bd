package dev.cairn.node.storage.mvcc;

import static dev.cairn.node.storage.mvcc.StoreContent.compact;
import static dev.cairn.node.storage.mvcc.StoreContent.putAll;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.node.fs.Directories;
import dev.cairn.node.proto.mvccpb.Event;
import dev.cairn.node.proto.mvccpb.KeyValue;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Threads read (ranges, history, hashes, metadata, checkpoints) while the store is replaced again and again by two
 * different snapshots, and its compactor resumes a compaction after each: every read sees one whole content and
 * nothing crashes (native handles closed under a reader would kill the JVM).
 */
class ConcurrentRestoreTest {
    private static final int RESTORES = 16;
    private static final int MAX_READS_PER_THREAD = 200_000;
    private static final String[] KEYS = {"k0", "k1", "k2", "k3", "k4", "k5", "k6", "k7"};

    @TempDir
    Path dir;

    /** What a reader may see of one content: the label of its values and its revision. */
    private record Expected(long revision, int hashKv, long historyEvents) {
    }

    @Test
    void readersSeeTheOldOrTheNewContentAndNeverCrash() throws Exception {
        ManualCompactionExecutor neverRun = new ManualCompactionExecutor();
        try (MvccStore first = MvccStore.open(dir.resolve("first"), neverRun);
             MvccStore second = MvccStore.open(dir.resolve("second"));
             MvccStore target = MvccStore.open(dir.resolve("target"))) {
            for (int i = 1; i <= 20; i++) {
                putAll(first, i, "first", KEYS);
            }
            compact(first, 21, 100); // left unfinished in its checkpoints: resumed by the target after each restore
            for (int i = 1; i <= 3; i++) {
                putAll(second, i, "second", KEYS);
            }
            Map<String, Expected> expected = Map.of(
                    "first", new Expected(first.currentRevision(), first.hashKv(0).hash(),
                            first.history(100, Long.MAX_VALUE, Integer.MAX_VALUE).size()),
                    "second", new Expected(second.currentRevision(), second.hashKv(0).hash(),
                            second.history(1, Long.MAX_VALUE, Integer.MAX_VALUE).size()));
            target.restoreFrom(checkpoint(first, "initial"));

            List<String> violations = new CopyOnWriteArrayList<>();
            AtomicBoolean restoring = new AtomicBoolean(true);
            AtomicLong reads = new AtomicLong();
            AtomicInteger checkpoints = new AtomicInteger();
            List<Thread> readers = new ArrayList<>();
            readers.add(reader(restoring, reads, violations, () -> checkRange(target, expected, violations)));
            readers.add(reader(restoring, reads, violations, () -> checkHistory(target, expected, violations)));
            readers.add(reader(restoring, reads, violations, () -> {
                target.hash();
                target.readMetaWithPrefix("");
                target.totalKeys();
                target.dbSizeBytes();
                int hashKv = target.hashKv(0).hash();
                if (expected.values().stream().noneMatch(e -> e.hashKv() == hashKv)) {
                    violations.add("hashKv " + hashKv + " is neither content's");
                }
            }));
            readers.add(reader(restoring, reads, violations, () -> {
                Path copy = dir.resolve("copy-" + checkpoints.incrementAndGet());
                StoreCheckpoint checkpoint = target.checkpoint(copy);
                if (expected.values().stream().noneMatch(e -> e.revision() == checkpoint.revision())) {
                    violations.add("checkpoint at revision " + checkpoint.revision() + " is neither content's");
                }
                Directories.deleteQuietly(copy);
            }));
            readers.forEach(Thread::start);
            try {
                for (int i = 0; i < RESTORES; i++) {
                    MvccStore source = i % 2 == 0 ? second : first;
                    target.restoreFrom(checkpoint(source, "restore-" + i));
                }
            } finally {
                restoring.set(false);
                for (Thread reader : readers) {
                    reader.join();
                }
            }

            assertThat(violations).isEmpty();
            assertThat(reads.get()).isGreaterThanOrEqualTo(readers.size());
            assertThat(target.currentRevision()).isEqualTo(first.currentRevision());
            assertThat(target.hashKv(0).hash()).isEqualTo(expected.get("first").hashKv());
        }
    }

    private Path checkpoint(MvccStore source, String name) {
        Path staged = dir.resolve(name);
        source.checkpoint(staged);
        return staged;
    }

    /** Runs {@code read} until the restores are over (at least once, at most a bounded number of times). */
    private static Thread reader(AtomicBoolean restoring, AtomicLong reads, List<String> violations, Runnable read) {
        return new Thread(() -> {
            for (int i = 0; i < MAX_READS_PER_THREAD && (i == 0 || restoring.get()); i++) {
                try {
                    read.run();
                    reads.incrementAndGet();
                } catch (RuntimeException e) {
                    violations.add("read failed: " + e);
                }
            }
        });
    }

    private static void checkRange(MvccStore store, Map<String, Expected> expected, List<String> violations) {
        RangeResult result = store.range(StoreContent.ALL, 0, 0, false);
        List<KeyValue> kvs = result.kvs();
        if (kvs.size() != KEYS.length) {
            violations.add("range saw " + kvs.size() + " keys");
            return;
        }
        String label = kvs.getFirst().getValue().toStringUtf8();
        Expected content = expected.get(label);
        if (content == null || kvs.stream().anyMatch(kv -> !kv.getValue().toStringUtf8().equals(label))
                || result.revision() != content.revision()) {
            violations.add("range mixed contents: " + kvs + " at revision " + result.revision());
        }
    }

    private static void checkHistory(MvccStore store, Map<String, Expected> expected, List<String> violations) {
        List<Event> events = store.history(100, Long.MAX_VALUE, Integer.MAX_VALUE);
        if (events.isEmpty()) {
            return; // the second content ends below revision 100
        }
        String label = events.getFirst().getKv().getValue().toStringUtf8();
        if (!label.equals("first") || events.size() != expected.get("first").historyEvents()) {
            violations.add("history saw " + events.size() + " events labelled " + label);
        }
    }
}
