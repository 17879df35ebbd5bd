package dev.cairn.node.peer;

import dev.cairn.node.fs.Directories;
import dev.cairn.node.proto.raft.PeerAck;
import dev.cairn.node.proto.raft.RaftMessage;
import dev.cairn.node.proto.raft.SnapshotChunk;
import dev.cairn.node.proto.raft.SnapshotFilePart;
import dev.cairn.node.proto.raft.SnapshotHeader;
import dev.cairn.node.raft.Message;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.Set;
import java.util.zip.CRC32C;

/**
 * One inbound InstallSnapshot stream: a header, then the files, each in order with its size and CRC-32C checked
 * when it ends. Files go into a fresh staging directory, which is handed to the host only when every file arrived
 * intact; on any refusal, error or cancellation it is deleted.
 */
final class SnapshotReception implements StreamObserver<SnapshotChunk> {
    static final int MAX_CHUNK_BYTES = 1024 * 1024;
    /** Snapshots received at once, from all senders together. */
    static final int MAX_IN_PROGRESS = 8;
    private static final String STAGING_PREFIX = "incoming-";

    private final long localId;
    private final long clusterId;
    private final PeerHost host;
    private final Path parentDir;
    private final Set<Long> sendersInProgress;
    private final StreamObserver<PeerAck> response;

    private Message message;
    private long sender;
    private int fileCount;
    private Path stagingDir;
    private final Set<String> finishedFiles = new HashSet<>();
    private String currentName;
    private FileChannel currentFile;
    private long written;
    private final CRC32C crc = new CRC32C();
    private boolean done;

    /**
     * @param sendersInProgress shared by all streams of the service: at most one snapshot per sender at a time,
     *                          and about {@link #MAX_IN_PROGRESS} in all (checked without a lock, so concurrent
     *                          starts may pass it by a few)
     */
    SnapshotReception(long localId, long clusterId, PeerHost host, Path parentDir, Set<Long> sendersInProgress,
                      StreamObserver<PeerAck> response) {
        this.localId = localId;
        this.clusterId = clusterId;
        this.host = host;
        this.parentDir = parentDir;
        this.sendersInProgress = sendersInProgress;
        this.response = response;
    }

    @Override
    public void onNext(SnapshotChunk chunk) {
        if (done) {
            return;
        }
        try {
            if (message == null) {
                start(chunk);
            } else if (chunk.hasFile()) {
                write(chunk.getFile());
            } else {
                throw refusal(Status.INVALID_ARGUMENT, "a snapshot stream has exactly one header, at its start");
            }
        } catch (StatusException e) {
            fail(e.getStatus());
        } catch (IOException e) {
            fail(Status.INTERNAL.withDescription("cannot store the snapshot: " + e.getMessage()));
        }
    }

    private void start(SnapshotChunk chunk) throws StatusException, IOException {
        if (!chunk.hasHeader()) {
            throw refusal(Status.INVALID_ARGUMENT, "a snapshot stream starts with its header");
        }
        SnapshotHeader header = chunk.getHeader();
        RaftMessage proto = header.getMessage();
        if (proto.getClusterId() != clusterId) {
            throw new StatusException(PeerErrors.clusterIdMismatch());
        }
        if (host.isRemoved(proto.getFrom())) {
            throw new StatusException(PeerErrors.memberRemoved());
        }
        if (proto.getTo() != localId) {
            throw new StatusException(PeerErrors.toMismatch());
        }
        if (proto.getType() != dev.cairn.node.proto.raft.MessageType.SNAPSHOT || !proto.hasSnapshot()) {
            throw refusal(Status.INVALID_ARGUMENT, "a snapshot header carries a SNAPSHOT message with its metadata");
        }
        Message decoded;
        try {
            decoded = RaftMessageCodec.fromProto(proto);
        } catch (IllegalArgumentException e) {
            throw refusal(Status.INVALID_ARGUMENT, "invalid snapshot message: " + e.getMessage());
        }
        if (sendersInProgress.size() >= MAX_IN_PROGRESS) {
            throw refusal(Status.RESOURCE_EXHAUSTED, "too many snapshots are being received");
        }
        if (!sendersInProgress.add(proto.getFrom())) {
            throw refusal(Status.RESOURCE_EXHAUSTED, "a snapshot from member " + Long.toHexString(proto.getFrom())
                    + " is already being received");
        }
        sender = proto.getFrom();
        message = decoded;
        fileCount = header.getFileCount();
        Files.createDirectories(parentDir);
        stagingDir = Files.createTempDirectory(parentDir, STAGING_PREFIX + Long.toHexString(sender) + "-");
    }

    private void write(SnapshotFilePart part) throws StatusException, IOException {
        if (part.getData().size() > MAX_CHUNK_BYTES) {
            throw refusal(Status.INVALID_ARGUMENT, "snapshot chunk of " + part.getData().size()
                    + " bytes exceeds the limit of " + MAX_CHUNK_BYTES);
        }
        if (currentName == null) {
            open(part.getName());
        } else if (!currentName.equals(part.getName())) {
            throw refusal(Status.DATA_LOSS, "snapshot file " + currentName + " ended without its last part");
        }
        if (part.getOffset() != written) {
            throw refusal(Status.DATA_LOSS, "snapshot file " + currentName + ": part at offset " + part.getOffset()
                    + " where " + written + " was expected");
        }
        ByteBuffer data = part.getData().asReadOnlyByteBuffer();
        crc.update(data.duplicate());
        while (data.hasRemaining()) {
            currentFile.write(data);
        }
        written += part.getData().size();
        if (part.getLast()) {
            finishFile(part);
        }
    }

    private void open(String name) throws StatusException, IOException {
        if (!isPlainFileName(name)) {
            throw refusal(Status.INVALID_ARGUMENT, "invalid snapshot file name \"" + name + "\"");
        }
        if (finishedFiles.contains(name)) {
            throw refusal(Status.INVALID_ARGUMENT, "snapshot file " + name + " sent twice");
        }
        if (finishedFiles.size() >= fileCount) {
            throw refusal(Status.INVALID_ARGUMENT, "more snapshot files than the " + fileCount + " announced");
        }
        currentName = name;
        currentFile = FileChannel.open(stagingDir.resolve(name), StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE);
        written = 0;
        crc.reset();
    }

    private void finishFile(SnapshotFilePart part) throws StatusException, IOException {
        currentFile.force(true);
        currentFile.close();
        currentFile = null;
        if (part.getSize() != written) {
            throw refusal(Status.DATA_LOSS, "snapshot file " + currentName + ": " + written
                    + " bytes received, " + part.getSize() + " sent");
        }
        if ((int) crc.getValue() != part.getCrc32C()) {
            throw refusal(Status.DATA_LOSS, "snapshot file " + currentName + ": checksum mismatch");
        }
        finishedFiles.add(currentName);
        currentName = null;
    }

    /** Deletes the staging directories under {@code parentDir} that a crash left behind. */
    static void removeLeftovers(Path parentDir) throws IOException {
        if (!Files.isDirectory(parentDir)) {
            return;
        }
        try (var entries = Files.list(parentDir)) {
            for (Path entry : entries.toList()) {
                if (entry.getFileName().toString().startsWith(STAGING_PREFIX) && Files.isDirectory(entry)) {
                    Directories.deleteQuietly(entry);
                }
            }
        }
    }

    /** A name of a file directly in the staging directory, never a path out of it. */
    private static boolean isPlainFileName(String name) {
        return !name.isEmpty() && !name.equals(".") && !name.equals("..") && name.indexOf('/') < 0
                && name.indexOf('\\') < 0 && name.indexOf('\0') < 0;
    }

    @Override
    public void onError(Throwable t) {
        if (!done) {
            done = true;
            discard();
        }
    }

    @Override
    public void onCompleted() {
        if (done) {
            return;
        }
        if (message == null) {
            fail(Status.INVALID_ARGUMENT.withDescription("empty snapshot stream"));
            return;
        }
        if (currentName != null || finishedFiles.size() != fileCount) {
            fail(Status.DATA_LOSS.withDescription("snapshot stream ended after " + finishedFiles.size() + " of "
                    + fileCount + " files"));
            return;
        }
        try {
            host.snapshotReceived(message, stagingDir);
        } catch (IOException | RuntimeException e) {
            fail(Status.INTERNAL.withDescription("the snapshot was refused: " + e.getMessage()));
            return;
        }
        done = true;
        sendersInProgress.remove(sender);
        response.onNext(PeerAck.getDefaultInstance());
        response.onCompleted();
    }

    private void fail(Status status) {
        done = true;
        discard();
        response.onError(status.asRuntimeException());
    }

    private void discard() {
        if (currentFile != null) {
            try {
                currentFile.close();
            } catch (IOException e) {
                // The directory is deleted next; a failed close changes nothing.
            }
            currentFile = null;
        }
        if (stagingDir != null) {
            Directories.deleteQuietly(stagingDir);
        }
        if (message != null) {
            sendersInProgress.remove(sender);
        }
    }

    private static StatusException refusal(Status status, String description) {
        return new StatusException(status.withDescription(description));
    }
}
