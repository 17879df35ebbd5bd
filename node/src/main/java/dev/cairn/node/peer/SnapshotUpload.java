package dev.cairn.node.peer;

import dev.cairn.node.fs.Directories;
import com.google.protobuf.ByteString;
import dev.cairn.node.proto.raft.RaftPeerGrpc;
import dev.cairn.node.proto.raft.SnapshotChunk;
import dev.cairn.node.proto.raft.SnapshotFilePart;
import dev.cairn.node.proto.raft.SnapshotHeader;
import dev.cairn.node.raft.Message;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

/**
 * Sends one snapshot to one peer: asks the host for a copy of the state store, streams its files in chunks of at
 * most 1 MiB with InstallSnapshot, deletes the copy and reports the outcome. Runs on its own thread.
 */
final class SnapshotUpload implements Runnable {
    private static final System.Logger LOG = System.getLogger(SnapshotUpload.class.getName());
    static final int CHUNK_BYTES = SnapshotReception.MAX_CHUNK_BYTES;

    private final Message message;
    private final long clusterId;
    private final PeerHost host;
    private final ManagedChannel channel;
    private final Duration timeout;
    private final Runnable whenDone;

    SnapshotUpload(Message message, long clusterId, PeerHost host, ManagedChannel channel, Duration timeout,
                   Runnable whenDone) {
        this.message = message;
        this.clusterId = clusterId;
        this.host = host;
        this.channel = channel;
        this.timeout = timeout;
        this.whenDone = whenDone;
    }

    @Override
    public void run() {
        long peer = message.to();
        boolean success = false;
        PreparedSnapshot prepared = null;
        try {
            prepared = host.prepareSnapshot(message);
            Status failure = stream(prepared);
            success = failure == null;
            if (!success) {
                LOG.log(System.Logger.Level.WARNING, "peer {0} did not accept the snapshot at index {1}: {2}",
                        Long.toHexString(peer), prepared.meta().index(), OutboundCall.describe(failure));
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "sending a snapshot to peer {0} failed: {1}", Long.toHexString(peer),
                    e.getMessage());
        } catch (InterruptedException e) {
            LOG.log(System.Logger.Level.INFO, "sending a snapshot to peer {0} was stopped", Long.toHexString(peer));
        } finally {
            if (prepared != null) {
                Directories.deleteQuietly(prepared.directory());
            }
            host.onSnapshotSent(peer, success);
            whenDone.run();
        }
    }

    /** Streams the directory; null when the peer accepted it, else the peer's refusal or the call's failure. */
    private Status stream(PreparedSnapshot prepared) throws IOException, InterruptedException {
        List<Path> files = files(prepared.directory());
        Message withMeta = new Message(message.type(), message.from(), message.to(), message.term(),
                message.logTerm(), message.index(), List.of(), message.commit(), message.reject(),
                message.rejectHint(), message.context(), prepared.meta());
        ReentrantLock lock = new ReentrantLock();
        Condition changed = lock.newCondition();
        OutboundCall<SnapshotChunk> call = new OutboundCall<>(lock, changed);
        RaftPeerGrpc.newStub(channel).withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .installSnapshot(call);
        try {
            call.writeWhenReady(SnapshotChunk.newBuilder().setHeader(SnapshotHeader.newBuilder()
                    .setMessage(RaftMessageCodec.toProto(withMeta, clusterId))
                    .setFileCount(files.size())).build());
            for (Path file : files) {
                sendFile(call, file);
            }
            return call.finishAndAwait();
        } catch (OutboundCall.EndedException e) {
            lock.lock();
            try {
                return call.failure() != null ? call.failure() : Status.UNKNOWN.withDescription(e.getMessage());
            } finally {
                lock.unlock();
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            call.cancel("the snapshot could not be sent: " + e.getMessage());
            throw e;
        }
    }

    private static void sendFile(OutboundCall<SnapshotChunk> call, Path file) throws IOException,
            InterruptedException, OutboundCall.EndedException {
        String name = file.getFileName().toString();
        CRC32C crc = new CRC32C();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            long offset = 0;
            ByteBuffer buffer = ByteBuffer.allocate(CHUNK_BYTES);
            do {
                buffer.clear();
                while (buffer.hasRemaining() && offset + buffer.position() < size) {
                    if (channel.read(buffer) < 0) {
                        throw new IOException("snapshot file " + file + " shrank while it was being sent");
                    }
                }
                buffer.flip();
                crc.update(buffer.duplicate());
                int length = buffer.remaining();
                boolean last = offset + length >= size;
                SnapshotFilePart.Builder part = SnapshotFilePart.newBuilder()
                        .setName(name)
                        .setOffset(offset)
                        .setData(ByteString.copyFrom(buffer))
                        .setLast(last);
                if (last) {
                    part.setSize(offset + length).setCrc32C((int) crc.getValue());
                }
                call.writeWhenReady(SnapshotChunk.newBuilder().setFile(part).build());
                offset += length;
            } while (offset < size);
        }
    }

    /** The regular files of the snapshot directory, by name; a subdirectory is refused (the format is flat). */
    private static List<Path> files(Path dir) throws IOException {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> entries = Files.list(dir)) {
            for (Path entry : entries.sorted().toList()) {
                if (!Files.isRegularFile(entry)) {
                    throw new IOException("snapshot directory " + dir + " holds " + entry
                            + ", which is not a regular file");
                }
                files.add(entry);
            }
        }
        return files;
    }
}
