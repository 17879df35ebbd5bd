package dev.cairn.node.api;

import dev.cairn.node.cli.snapshot.SnapshotCommand;
import dev.cairn.node.proto.etcdserverpb.MaintenanceGrpc;
import dev.cairn.node.proto.etcdserverpb.SnapshotRequest;
import dev.cairn.node.proto.etcdserverpb.SnapshotResponse;
import dev.cairn.node.server.MemberIds;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.options.GetOption;
import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Maintenance.Snapshot through jetcd and raw gRPC, and cairn snapshot status/restore on what it produced. */
class JetcdSnapshotTest {
    private static final String PEER = InProcessMember.PEER_URL;

    @TempDir
    Path tmp;

    private final List<AutoCloseable> opened = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = opened.size() - 1; i >= 0; i--) {
            opened.get(i).close();
        }
    }

    private <T extends AutoCloseable> T open(T resource) {
        opened.add(resource);
        return resource;
    }

    private static ByteSequence bytes(String text) {
        return ByteSequence.from(text, StandardCharsets.UTF_8);
    }

    private record Run(int exit, String out, String err) {
    }

    private static Run cairnSnapshot(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = SnapshotCommand.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static Run restore(Path file, Path dataDir, String... extra) {
        List<String> args = new ArrayList<>(List.of("restore", file.toString(), "--name", "m1",
                "--data-dir", dataDir.toString(), "--initial-cluster", "m1=" + PEER,
                "--initial-cluster-token", "restored-token", "--initial-advertise-peer-urls", PEER));
        args.addAll(List.of(extra));
        return cairnSnapshot(args.toArray(String[]::new));
    }

    /** Writes keys (one deleted, one overwritten) and returns the member's revision afterwards. */
    private static long fill(Client client) throws Exception {
        for (int i = 0; i < 50; i++) {
            client.getKVClient().put(bytes("key-" + i), bytes("value-" + i)).get(10, TimeUnit.SECONDS);
        }
        client.getKVClient().put(bytes("key-7"), bytes("seven again")).get(10, TimeUnit.SECONDS);
        client.getKVClient().delete(bytes("key-9")).get(10, TimeUnit.SECONDS);
        return client.getKVClient().get(bytes("key-0")).get(10, TimeUnit.SECONDS).getHeader().getRevision();
    }

    private static GetResponse all(Client client) throws Exception {
        return client.getKVClient().get(bytes("\0"), GetOption.builder().withRange(bytes("\0")).build())
                .get(10, TimeUnit.SECONDS);
    }

    private static Path save(Client client, Path file) throws Exception {
        try (OutputStream out = Files.newOutputStream(file)) {
            client.getMaintenanceClient().snapshot(out).get(30, TimeUnit.SECONDS);
        }
        return file;
    }

    private static List<Path> checkpoints(Path dataDir) throws Exception {
        try (Stream<Path> files = Files.list(dataDir.resolve("member"))) {
            return files.filter(p -> p.getFileName().toString().startsWith("snapshot-")).toList();
        }
    }

    @Test
    void restoredMemberServesTheSameKeysAndRevisionAsANewCluster() throws Exception {
        Path source = tmp.resolve("source");
        InProcessMember member = open(InProcessMember.start(source));
        Client client = open(Client.builder().endpoints(member.endpoint()).build());
        long revision = fill(client);
        GetResponse before = all(client);
        long oldCluster = before.getHeader().getClusterId();

        Path file = save(client, tmp.resolve("snap.db"));
        assertThat(Files.size(file) % 512).isEqualTo(32);
        assertThat(checkpoints(source)).isEmpty();

        Run status = cairnSnapshot("status", file.toString(), "-w", "json");
        assertThat(status.exit()).as(status.err()).isZero();
        assertThat(status.out()).contains("\"revision\":" + revision + ",");
        Run table = cairnSnapshot("status", file.toString(), "-w", "table");
        // Columns are as wide as their content: the hash prints without leading zeros, as etcdctl's does.
        assertThat(table.out()).startsWith("+")
                .containsPattern("\\|\\s+HASH\\s+\\| REVISION \\| TOTAL KEYS \\| TOTAL SIZE \\|")
                .containsPattern("\\|\\s+" + revision + " \\|");

        Path restored = tmp.resolve("restored");
        Run run = restore(file, restored);
        assertThat(run.exit()).as(run.err()).isZero();
        long newMember = MemberIds.memberId(List.of(PEER), "restored-token");
        assertThat(run.out()).contains("as member " + Long.toHexString(newMember));

        InProcessMember second = open(InProcessMember.start(restored));
        Client secondClient = open(Client.builder().endpoints(second.endpoint()).build());
        GetResponse after = all(secondClient);
        assertThat(after.getHeader().getRevision()).isEqualTo(revision);
        assertThat(after.getHeader().getMemberId()).isEqualTo(newMember);
        assertThat(after.getHeader().getClusterId()).isEqualTo(MemberIds.clusterId(List.of(newMember)))
                .isNotEqualTo(oldCluster);
        assertThat(describe(after.getKvs())).isEqualTo(describe(before.getKvs())).hasSize(49);
        assertThat(secondClient.getClusterClient().listMember().get(10, TimeUnit.SECONDS).getMembers())
                .singleElement().satisfies(m -> assertThat(m.getId()).isEqualTo(newMember));

        // the restored member takes writes from the snapshot's revision on
        long next = secondClient.getKVClient().put(bytes("after"), bytes("restore")).get(10, TimeUnit.SECONDS)
                .getHeader().getRevision();
        assertThat(next).isEqualTo(revision + 1);
    }

    private static List<String> describe(List<KeyValue> kvs) {
        return kvs.stream().map(kv -> kv.getKey() + "=" + kv.getValue() + "@" + kv.getCreateRevision() + "/"
                + kv.getModRevision() + "/" + kv.getVersion()).toList();
    }

    @Test
    void snapshotIsStreamedInChunksWithRemainingBytesAndATrailingHash() throws Exception {
        InProcessMember member = open(InProcessMember.start(tmp.resolve("m")));
        Client client = open(Client.builder().endpoints(member.endpoint()).build());
        putRandomValues(client, 40, 8 * 1024);
        ManagedChannel channel = NettyChannelBuilder.forTarget("127.0.0.1:" + member.port()).usePlaintext().build();
        try {
            List<SnapshotResponse> responses = new ArrayList<>();
            MaintenanceGrpc.newBlockingStub(channel).snapshot(SnapshotRequest.getDefaultInstance())
                    .forEachRemaining(responses::add);
            assertThat(responses.size()).isGreaterThan(2);
            long total = responses.stream().limit(responses.size() - 1).mapToLong(r -> r.getBlob().size()).sum();
            assertThat(total % 512).isZero();
            long sent = 0;
            for (SnapshotResponse response : responses.subList(0, responses.size() - 1)) {
                assertThat(response.getBlob().size()).isLessThanOrEqualTo(32 * 1024);
                sent += response.getBlob().size();
                assertThat(response.getRemainingBytes()).isEqualTo(total - sent);
            }
            SnapshotResponse last = responses.get(responses.size() - 1);
            assertThat(last.getRemainingBytes()).isZero();
            assertThat(last.getBlob().size()).isEqualTo(32);
        } finally {
            channel.shutdownNow();
        }
    }

    private static void putRandomValues(Client client, int count, int size) throws Exception {
        Random random = new Random(7);
        for (int i = 0; i < count; i++) {
            byte[] value = new byte[size];
            random.nextBytes(value);
            client.getKVClient().put(bytes("big-" + i), ByteSequence.from(value)).get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aCheckpointLeftByACrashIsRemovedWhenTheMemberStarts() throws Exception {
        Path dataDir = tmp.resolve("m");
        InProcessMember.start(dataDir).close();
        Path leftover = Files.createDirectories(dataDir.resolve("member").resolve("snapshot-left-by-a-crash.tmp"));
        Files.writeString(leftover.resolve("000001.sst"), "partial");
        assertThat(checkpoints(dataDir)).hasSize(1);

        open(InProcessMember.start(dataDir));

        assertThat(checkpoints(dataDir)).isEmpty();
    }

    @Test
    void checkpointIsRemovedWhenTheClientCancels() throws Exception {
        Path dataDir = tmp.resolve("m");
        InProcessMember member = open(InProcessMember.start(dataDir));
        Client client = open(Client.builder().endpoints(member.endpoint()).build());
        putRandomValues(client, 64, 16 * 1024);
        ManagedChannel channel = NettyChannelBuilder.forTarget("127.0.0.1:" + member.port()).usePlaintext().build();
        try {
            java.util.concurrent.CompletableFuture<Void> firstChunk = new java.util.concurrent.CompletableFuture<>();
            MaintenanceGrpc.newStub(channel).snapshot(SnapshotRequest.getDefaultInstance(),
                    new ClientResponseObserver<SnapshotRequest, SnapshotResponse>() {
                        private ClientCallStreamObserver<SnapshotRequest> call;

                        @Override
                        public void beforeStart(ClientCallStreamObserver<SnapshotRequest> requestStream) {
                            call = requestStream;
                            requestStream.disableAutoRequestWithInitial(1);
                        }

                        @Override
                        public void onNext(SnapshotResponse value) {
                            firstChunk.complete(null);
                            call.cancel("test cancels", null);
                        }

                        @Override
                        public void onError(Throwable t) {
                            firstChunk.complete(null);
                        }

                        @Override
                        public void onCompleted() {
                        }
                    });
            firstChunk.get(30, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(20)).until(() -> checkpoints(dataDir).isEmpty());
        } finally {
            channel.shutdownNow();
        }
        // the member still serves snapshots afterwards
        save(client, tmp.resolve("after-cancel.db"));
        assertThat(checkpoints(dataDir)).isEmpty();
    }

    @Test
    void damagedOrTruncatedSnapshotsAndExistingDataDirsAreRefused() throws Exception {
        InProcessMember member = open(InProcessMember.start(tmp.resolve("m")));
        Client client = open(Client.builder().endpoints(member.endpoint()).build());
        fill(client);
        Path file = save(client, tmp.resolve("snap.db"));
        byte[] good = Files.readAllBytes(file);

        Path truncated = tmp.resolve("truncated.db");
        Files.write(truncated, java.util.Arrays.copyOf(good, good.length - 100));
        Run cut = restore(truncated, tmp.resolve("d1"));
        assertThat(cut.exit()).isEqualTo(1);
        assertThat(cut.err()).startsWith("Error: snapshot " + truncated + " is truncated or not a snapshot");
        assertThat(tmp.resolve("d1")).doesNotExist();

        // a flipped byte in the member id of the header: caught by the hash, harmless to the content
        Path flippedId = flip(good, 8 + 4 + 8 + 8 + 3, tmp.resolve("flipped-id.db"));
        Run refused = restore(flippedId, tmp.resolve("d2"));
        assertThat(refused.exit()).isEqualTo(1);
        assertThat(refused.err()).startsWith("Error: expected sha256 ");
        assertThat(tmp.resolve("d2")).doesNotExist();
        Run skipped = restore(flippedId, tmp.resolve("d3"), "--skip-hash-check");
        assertThat(skipped.exit()).as(skipped.err()).isZero();
        assertThat(tmp.resolve("d3")).isDirectory();

        // a flipped byte in the magic: not parseable even without the hash check
        Path flippedMagic = flip(good, 2, tmp.resolve("flipped-magic.db"));
        Run unreadable = restore(flippedMagic, tmp.resolve("d4"), "--skip-hash-check");
        assertThat(unreadable.exit()).isEqualTo(1);
        assertThat(unreadable.err()).isEqualTo("Error: not a cairn snapshot (bad magic bytes)\n");
        assertThat(tmp.resolve("d4")).doesNotExist();

        Path existing = Files.createDirectories(tmp.resolve("existing"));
        Files.writeString(existing.resolve("keep"), "untouched");
        Run exists = restore(file, existing);
        assertThat(exists.exit()).isEqualTo(1);
        assertThat(exists.err()).isEqualTo("Error: data-dir \"" + existing + "\" exists\n");
        try (Stream<Path> files = Files.list(existing)) {
            assertThat(files.toList()).containsExactly(existing.resolve("keep"));
        }
        try (Stream<Path> files = Files.list(tmp)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains(".restoring-"));
        }
    }

    private static Path flip(byte[] good, int offset, Path target) throws Exception {
        byte[] copy = good.clone();
        copy[offset] ^= 0x5a;
        Files.write(target, copy);
        return target;
    }
}
