package dev.cairn.node.crash;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.options.GetOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Durability of the write path against real crashes: the built {@code cairn} is killed with SIGKILL while writers
 * keep many puts in flight, restarted on the same data dir, and must hold every write it acknowledged, with the
 * revision each was acknowledged at, and continue the revision numbering.
 */
class CrashRecoveryProcessIT {
    private static final int ROUNDS = 3;
    private static final int WRITERS = 16;
    private static final int ACKS_PER_ROUND = 400;
    private static final int MAX_PUTS_PER_WRITER = 5_000;

    @TempDir
    Path work;

    private final Map<String, Long> acknowledged = new ConcurrentHashMap<>();

    @Test
    void sigkillUnderWriteLoadLosesNoAcknowledgedWrite() throws Exception {
        Path dataDir = work.resolve("data");
        int clientPort = CairnMemberProcess.freePort();
        int peerPort = CairnMemberProcess.freePort();
        long highestAcknowledged = 0;
        for (int round = 0; round < ROUNDS; round++) {
            try (CairnMemberProcess member = CairnMemberProcess.start(dataDir, clientPort, peerPort,
                    work.resolve("round-" + round + ".log")).awaitReady()) {
                assertEveryAcknowledgedWriteIsThere(member.endpoint());
                writeUntilKilled(member, round);
            }
            highestAcknowledged = acknowledged.values().stream().mapToLong(Long::longValue).max().orElseThrow();
        }
        try (CairnMemberProcess member = CairnMemberProcess.start(dataDir, clientPort, peerPort,
                work.resolve("final.log")).awaitReady();
             Client client = Client.builder().endpoints(member.endpoint()).build()) {
            assertEveryAcknowledgedWriteIsThere(member.endpoint());
            long next = client.getKVClient().put(bytes("after-crashes"), bytes("x")).get(10, TimeUnit.SECONDS)
                    .getHeader().getRevision();
            assertThat(next).isGreaterThan(highestAcknowledged);
        }
        assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(ROUNDS * ACKS_PER_ROUND);
    }

    @Test
    void aDamagedLogRecordStopsTheMemberWithAClearError() throws Exception {
        Path dataDir = work.resolve("data");
        int clientPort = CairnMemberProcess.freePort();
        int peerPort = CairnMemberProcess.freePort();
        try (CairnMemberProcess member = CairnMemberProcess.start(dataDir, clientPort, peerPort,
                work.resolve("write.log")).awaitReady();
             Client client = Client.builder().endpoints(member.endpoint()).build()) {
            for (int i = 0; i < 200; i++) {
                client.getKVClient().put(bytes("k" + i), bytes("v".repeat(100))).get(10, TimeUnit.SECONDS);
            }
            member.kill9();
        }
        Path segment = onlyLogSegment(dataDir);
        flipByteAt(segment, writtenLength(segment) / 3);

        try (CairnMemberProcess member = CairnMemberProcess.start(dataDir, clientPort, peerPort, work.resolve("corrupt.log"))) {
            assertThat(member.process().waitFor(60, TimeUnit.SECONDS)).as("member exits").isTrue();
            assertThat(member.process().exitValue()).isNotZero();
            assertThat(member.log()).contains("cairn: ").contains(segment.getFileName().toString()).contains("damaged");
            assertThat(member.log()).doesNotContain("ready to serve client requests");
        }
    }

    private void writeUntilKilled(CairnMemberProcess member, int round) throws Exception {
        int target = acknowledged.size() + ACKS_PER_ROUND;
        AtomicBoolean crashed = new AtomicBoolean();
        ExecutorService writers = Executors.newFixedThreadPool(WRITERS);
        try (Client client = Client.builder().endpoints(member.endpoint()).build()) {
            KV kv = client.getKVClient();
            for (int w = 0; w < WRITERS; w++) {
                String prefix = "crash/r" + round + "/w" + w + "/";
                writers.submit(() -> {
                    for (int seq = 0; seq < MAX_PUTS_PER_WRITER && !crashed.get(); seq++) {
                        String key = prefix + seq;
                        try {
                            long revision = kv.put(bytes(key), bytes(key)).get(10, TimeUnit.SECONDS).getHeader().getRevision();
                            acknowledged.put(key, revision);
                        } catch (Exception e) {
                            return; // the member is gone: this put was never acknowledged
                        }
                    }
                });
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> acknowledged.size() >= target);
            member.kill9();
            crashed.set(true);
            writers.shutdown();
            assertThat(writers.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
        } finally {
            writers.shutdownNow();
        }
    }

    private void assertEveryAcknowledgedWriteIsThere(String endpoint) throws Exception {
        try (Client client = Client.builder().endpoints(endpoint).build()) {
            List<KeyValue> stored = client.getKVClient()
                    .get(bytes("crash/"), GetOption.builder().isPrefix(true).build()).get(30, TimeUnit.SECONDS).getKvs();
            Map<String, Long> found = new ConcurrentHashMap<>();
            stored.forEach(kv -> found.put(kv.getKey().toString(StandardCharsets.UTF_8), kv.getModRevision()));
            List<String> lost = new ArrayList<>();
            acknowledged.forEach((key, revision) -> {
                if (!revision.equals(found.get(key))) {
                    lost.add(key + " acknowledged at " + revision + " but found " + found.get(key));
                }
            });
            assertThat(lost).as("acknowledged writes missing after SIGKILL").isEmpty();
        }
    }

    private static Path onlyLogSegment(Path dataDir) throws IOException {
        try (Stream<Path> files = Files.list(dataDir.resolve("member").resolve("wal"))) {
            List<Path> segments = files.filter(f -> f.getFileName().toString().endsWith(".wal")).toList();
            assertThat(segments).hasSize(1);
            return segments.get(0);
        }
    }

    /** The segment is preallocated: its data ends where only zeros follow. */
    private static long writtenLength(Path segment) throws IOException {
        byte[] bytes = Files.readAllBytes(segment);
        int end = bytes.length;
        while (end > 0 && bytes[end - 1] == 0) {
            end--;
        }
        return end;
    }

    private static void flipByteAt(Path file, long offset) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.seek(offset);
            int b = raf.read();
            raf.seek(offset);
            raf.write(b ^ 0xFF);
        }
    }

    private static ByteSequence bytes(String s) {
        return ByteSequence.from(s, StandardCharsets.UTF_8);
    }
}
