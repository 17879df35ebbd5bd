package dev.cairn.node.peer;

import static dev.cairn.node.peer.PeerTestSupport.CLUSTER;
import static dev.cairn.node.peer.PeerTestSupport.settings;
import static dev.cairn.node.peer.PeerTestSupport.url;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import dev.cairn.node.proto.raft.PeerAck;
import dev.cairn.node.proto.raft.RaftPeerGrpc;
import dev.cairn.node.proto.raft.SnapshotChunk;
import dev.cairn.node.proto.raft.SnapshotFilePart;
import dev.cairn.node.proto.raft.SnapshotHeader;
import dev.cairn.node.raft.ConfState;
import dev.cairn.node.raft.Message;
import dev.cairn.node.raft.MessageType;
import dev.cairn.node.raft.SnapshotMeta;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.Checkpoint;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;

/** State-store snapshots over InstallSnapshot: a real RocksDB checkpoint byte for byte, and every refusal. */
class SnapshotTransferTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final SnapshotMeta META = new SnapshotMeta(120, 5, new ConfState(java.util.Set.of(1L, 2L, 3L),
            java.util.Set.of(4L)));

    @TempDir
    Path dir;

    private final List<PeerTransport> started = new ArrayList<>();
    private final List<ManagedChannel> channels = new ArrayList<>();
    private RecordingHost hostB;
    private PeerTransport b;
    private Path stagingParent;

    @BeforeEach
    void startReceiver() throws IOException {
        hostB = new RecordingHost();
        stagingParent = dir.resolve("incoming-b");
        b = PeerTransport.start(settings(2, CLUSTER, "http", 0, Optional.empty(), stagingParent, 4096), hostB);
        started.add(b);
    }

    @AfterEach
    void closeAll() {
        started.forEach(PeerTransport::close);
        channels.forEach(ManagedChannel::shutdownNow);
    }

    private static Message snapshotMessage(long from, long to) {
        return new Message(MessageType.SNAPSHOT, from, to, 5, 0, 0, List.of(), 0, false, 0, 0, null);
    }

    /** A RocksDB checkpoint with some SST files larger than a chunk. */
    private Path checkpoint() throws Exception {
        RocksDB.loadLibrary();
        Path dbDir = dir.resolve("db");
        Path checkpointDir = dir.resolve("checkpoint");
        Random random = new Random(42);
        try (Options options = new Options().setCreateIfMissing(true);
             RocksDB db = RocksDB.open(options, dbDir.toString())) {
            for (int i = 0; i < 3; i++) {
                byte[] value = new byte[1_500_000];
                random.nextBytes(value); // incompressible, so the SST stays above 1 MiB
                db.put(("big-" + i).getBytes(StandardCharsets.UTF_8), value);
            }
            for (int i = 0; i < 1000; i++) {
                db.put(("key-" + i).getBytes(StandardCharsets.UTF_8), ("value-" + i).getBytes(StandardCharsets.UTF_8));
            }
            try (Checkpoint checkpoint = Checkpoint.create(db)) {
                checkpoint.createCheckpoint(checkpointDir.toString());
            }
        }
        return checkpointDir;
    }

    private static void copyTree(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from)) {
            for (Path file : files.toList()) {
                Files.copy(file, to.resolve(file.getFileName()));
            }
        }
    }

    private static List<String> names(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }

    private long entriesIn(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.count();
        }
    }

    @Test
    void aRocksDbCheckpointArrivesByteIdenticalWithItsMetadata() throws Exception {
        Path golden = checkpoint();
        assertThat(names(golden)).anySatisfy(name -> assertThat(golden.resolve(name)).satisfies(
                file -> assertThat(Files.size(file)).isGreaterThan(SnapshotUpload.CHUNK_BYTES)));
        RecordingHost hostA = new RecordingHost();
        List<Path> prepared = new ArrayList<>();
        hostA.source = message -> {
            Path copy = dir.resolve("outgoing-" + prepared.size());
            copyTree(golden, copy);
            prepared.add(copy);
            return new PreparedSnapshot(copy, META);
        };
        PeerTransport a = PeerTransport.start(settings(1, CLUSTER, "http", 0, Optional.empty(), dir.resolve("in-a"),
                4096), hostA);
        started.add(a);
        a.updatePeers(Map.of(2L, List.of(url("http", b))));

        a.send(List.of(snapshotMessage(1, 2)));

        await().atMost(WAIT).until(() -> hostA.snapshotsSent.containsKey(2L));
        assertThat(hostA.snapshotsSent.get(2L)).containsExactly(true);
        RecordingHost.ReceivedSnapshot received = hostB.snapshots.peek();
        assertThat(received.message()).isEqualTo(new Message(MessageType.SNAPSHOT, 1, 2, 5, 0, 0, List.of(), 0, false,
                0, 0, META));
        assertThat(received.stagingDir().getParent()).isEqualTo(stagingParent);
        assertThat(names(received.stagingDir())).isEqualTo(names(golden));
        for (String name : names(golden)) {
            assertThat(Files.mismatch(golden.resolve(name), received.stagingDir().resolve(name))).isEqualTo(-1L);
        }
        try (Options options = new Options(); RocksDB db = RocksDB.open(options, received.stagingDir().toString())) {
            assertThat(db.get("key-999".getBytes(StandardCharsets.UTF_8))).asString().isEqualTo("value-999");
        }
        // The sender's copy is deleted once sent.
        assertThat(prepared.get(0)).doesNotExist();
    }

    @Test
    void aSecondSnapshotToTheSamePeerWhileOneIsRunningIsDropped() throws Exception {
        RecordingHost hostA = new RecordingHost();
        CompletableFuture<Void> release = new CompletableFuture<>();
        AtomicInteger prepared = new AtomicInteger();
        hostA.source = message -> {
            prepared.incrementAndGet();
            release.join();
            Path copy = Files.createDirectories(dir.resolve("outgoing"));
            Files.writeString(copy.resolve("only"), "state");
            return new PreparedSnapshot(copy, META);
        };
        PeerTransport a = PeerTransport.start(settings(1, CLUSTER, "http", 0, Optional.empty(), dir.resolve("in-a"),
                4096), hostA);
        started.add(a);
        a.updatePeers(Map.of(2L, List.of(url("http", b))));

        a.send(List.of(snapshotMessage(1, 2)));
        await().atMost(WAIT).until(() -> prepared.get() == 1);
        a.send(List.of(snapshotMessage(1, 2)));
        assertThat(a.droppedMessages()).isEqualTo(1);
        release.complete(null);

        await().atMost(WAIT).until(() -> hostA.snapshotsSent.containsKey(2L));
        assertThat(hostA.snapshotsSent.get(2L)).containsExactly(true);
        assertThat(prepared).hasValue(1);
    }

    @Test
    void aSnapshotTheReceiverRefusesOrTheSourceCannotMakeIsReportedAsFailed() throws Exception {
        hostB.receiver = (message, staging) -> {
            throw new IOException("the state store is busy");
        };
        RecordingHost hostA = new RecordingHost();
        Path copy = Files.createDirectories(dir.resolve("outgoing"));
        Files.writeString(copy.resolve("only"), "state");
        hostA.source = message -> new PreparedSnapshot(copy, META);
        PeerTransport a = PeerTransport.start(settings(1, CLUSTER, "http", 0, Optional.empty(), dir.resolve("in-a"),
                4096), hostA);
        started.add(a);
        a.updatePeers(Map.of(2L, List.of(url("http", b))));

        a.send(List.of(snapshotMessage(1, 2)));
        await().atMost(WAIT).until(() -> hostA.snapshotsSent.containsKey(2L));
        assertThat(hostA.snapshotsSent.get(2L)).containsExactly(false);
        assertThat(entriesIn(stagingParent)).isZero();
        assertThat(copy).doesNotExist();

        hostA.source = message -> {
            throw new IOException("no space for a checkpoint");
        };
        a.send(List.of(snapshotMessage(1, 2)));
        await().atMost(WAIT).until(() -> hostA.snapshotsSent.get(2L).size() == 2);
        assertThat(hostA.snapshotsSent.get(2L)).containsExactly(false, false);
    }

    // Raw InstallSnapshot streams, to send what a correct transport never would.

    private static SnapshotChunk header(long from, long clusterId, int fileCount) {
        Message message = new Message(MessageType.SNAPSHOT, from, 2, 5, 0, 0, List.of(), 0, false, 0, 0, META);
        return SnapshotChunk.newBuilder().setHeader(SnapshotHeader.newBuilder()
                .setMessage(RaftMessageCodec.toProto(message, clusterId)).setFileCount(fileCount)).build();
    }

    private static SnapshotChunk part(String name, long offset, byte[] data, boolean last, long size, int crc) {
        SnapshotFilePart.Builder part = SnapshotFilePart.newBuilder().setName(name).setOffset(offset)
                .setData(ByteString.copyFrom(data)).setLast(last);
        if (last) {
            part.setSize(size).setCrc32C(crc);
        }
        return SnapshotChunk.newBuilder().setFile(part).build();
    }

    private static int crc(byte[]... pieces) {
        CRC32C crc = new CRC32C();
        for (byte[] piece : pieces) {
            crc.update(piece);
        }
        return (int) crc.getValue();
    }

    /** An open raw stream and how it ends. */
    private record RawStream(ClientCallStreamObserver<SnapshotChunk> requests, CompletableFuture<Status> end) {
        Status finish() throws Exception {
            requests.onCompleted();
            return end.get(20, TimeUnit.SECONDS);
        }
    }

    private RawStream open() {
        ManagedChannel channel = NettyChannelBuilder.forTarget("127.0.0.1:" + b.ports().get(0)).usePlaintext().build();
        channels.add(channel);
        CompletableFuture<Status> end = new CompletableFuture<>();
        StreamObserver<SnapshotChunk> requests = RaftPeerGrpc.newStub(channel).installSnapshot(new StreamObserver<>() {
            @Override
            public void onNext(PeerAck ack) {
            }

            @Override
            public void onError(Throwable t) {
                end.complete(Status.fromThrowable(t));
            }

            @Override
            public void onCompleted() {
                end.complete(Status.OK);
            }
        });
        return new RawStream((ClientCallStreamObserver<SnapshotChunk>) requests, end);
    }

    private Status sendRaw(SnapshotChunk... chunks) throws Exception {
        RawStream stream = open();
        for (SnapshotChunk chunk : chunks) {
            stream.requests().onNext(chunk);
        }
        return stream.finish();
    }

    @Test
    void stagingDirectoriesACrashLeftBehindAreRemovedAtStart() throws Exception {
        Path parent = dir.resolve("crashed");
        Path leftover = Files.createDirectories(parent.resolve("incoming-1-123"));
        Files.writeString(leftover.resolve("000001.sst"), "half a file");
        Path unrelated = Files.createDirectories(parent.resolve("kept"));
        started.add(PeerTransport.start(settings(3, CLUSTER, "http", 0, Optional.empty(), parent, 16),
                new RecordingHost()));
        assertThat(leftover).doesNotExist();
        assertThat(unrelated).isDirectory();
    }

    @Test
    void aCorruptedChunkIsRefusedAndTheStagingDirectoryRemoved() throws Exception {
        byte[] first = new byte[1024 * 1024];
        byte[] second = "the rest of the file".getBytes(StandardCharsets.UTF_8);
        new Random(7).nextBytes(first);
        int crc = crc(first, second);
        byte[] corrupted = first.clone();
        corrupted[4096] ^= 0x01;

        Status status = sendRaw(header(1, CLUSTER, 1), part("000009.sst", 0, corrupted, false, 0, 0),
                part("000009.sst", first.length, second, true, first.length + second.length, crc));

        assertThat(status.getCode()).isEqualTo(Status.Code.DATA_LOSS);
        assertThat(status.getDescription()).isEqualTo("snapshot file 000009.sst: checksum mismatch");
        assertThat(entriesIn(stagingParent)).isZero();
        assertThat(hostB.snapshots).isEmpty();

        // The same file intact is accepted, so the refusal was the corruption's doing.
        assertThat(sendRaw(header(1, CLUSTER, 1), part("000009.sst", 0, first, false, 0, 0),
                part("000009.sst", first.length, second, true, first.length + second.length, crc)))
                .isEqualTo(Status.OK);
        assertThat(hostB.snapshots).hasSize(1);
    }

    @Test
    void malformedStreamsAreRefusedAndLeaveNothingBehind() throws Exception {
        byte[] data = "data".getBytes(StandardCharsets.UTF_8);
        int crc = crc(data);
        assertThat(sendRaw(header(1, CLUSTER, 2), part("a", 0, data, true, 4, crc)).getDescription())
                .isEqualTo("snapshot stream ended after 1 of 2 files");
        assertThat(sendRaw(header(1, CLUSTER, 1), part("a", 0, data, true, 5, crc)).getDescription())
                .isEqualTo("snapshot file a: 4 bytes received, 5 sent");
        assertThat(sendRaw(header(1, CLUSTER, 1), part("a", 2, data, true, 4, crc)).getDescription())
                .isEqualTo("snapshot file a: part at offset 2 where 0 was expected");
        assertThat(sendRaw(header(1, CLUSTER, 2), part("a", 0, data, false, 0, 0), part("b", 0, data, true, 4, crc))
                .getDescription()).isEqualTo("snapshot file a ended without its last part");
        assertThat(sendRaw(header(1, CLUSTER, 1), part("../escape", 0, data, true, 4, crc)).getDescription())
                .isEqualTo("invalid snapshot file name \"../escape\"");
        assertThat(sendRaw(header(1, CLUSTER, 1), part("a", 0, new byte[1024 * 1024 + 1], false, 0, 0))
                .getDescription()).isEqualTo("snapshot chunk of 1048577 bytes exceeds the limit of 1048576");
        assertThat(sendRaw(part("a", 0, data, true, 4, crc)).getDescription())
                .isEqualTo("a snapshot stream starts with its header");
        Status mismatch = sendRaw(header(1, CLUSTER + 1, 1));
        assertThat(mismatch.getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
        assertThat(mismatch.getDescription()).isEqualTo("cluster ID mismatch");
        hostB.removed.add(3L);
        assertThat(sendRaw(header(3, CLUSTER, 1)).getDescription())
                .isEqualTo("the member has been permanently removed from the cluster");

        assertThat(entriesIn(stagingParent)).isZero();
        assertThat(hostB.snapshots).isEmpty();
    }

    @Test
    void oneSnapshotPerSenderAtATimeAndACancelledOneIsCleanedUp() throws Exception {
        byte[] data = "data".getBytes(StandardCharsets.UTF_8);
        RawStream first = open();
        first.requests().onNext(header(1, CLUSTER, 1));
        first.requests().onNext(part("a", 0, data, false, 0, 0));
        await().atMost(WAIT).until(() -> entriesIn(stagingParent) == 1);

        Status second = sendRaw(header(1, CLUSTER, 1), part("a", 0, data, true, 4, crc(data)));
        assertThat(second.getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
        assertThat(second.getDescription()).isEqualTo("a snapshot from member 1 is already being received");
        // Another sender is not held up.
        assertThat(sendRaw(header(3, CLUSTER, 1), part("a", 0, data, true, 4, crc(data)))).isEqualTo(Status.OK);

        // Snapshots at once are bounded in all, whoever sends them.
        List<RawStream> others = new ArrayList<>();
        for (long sender = 10; sender < 10 + SnapshotReception.MAX_IN_PROGRESS - 1; sender++) {
            RawStream other = open();
            other.requests().onNext(header(sender, CLUSTER, 1));
            others.add(other);
        }
        await().atMost(WAIT).until(() -> entriesIn(stagingParent) == 1 + SnapshotReception.MAX_IN_PROGRESS);
        Status tooMany = sendRaw(header(30, CLUSTER, 1));
        assertThat(tooMany.getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
        assertThat(tooMany.getDescription()).isEqualTo("too many snapshots are being received");
        others.forEach(other -> other.requests().cancel("test gives up", null));
        await().atMost(WAIT).until(() -> entriesIn(stagingParent) == 2);

        first.requests().cancel("test gives up", null);
        await().atMost(WAIT).until(() -> entriesIn(stagingParent) == 1); // only the accepted one of member 3
        assertThat(sendRaw(header(1, CLUSTER, 1), part("a", 0, data, true, 4, crc(data)))).isEqualTo(Status.OK);
        assertThat(hostB.snapshots).extracting(s -> s.message().from()).containsExactly(3L, 1L);
    }
}
