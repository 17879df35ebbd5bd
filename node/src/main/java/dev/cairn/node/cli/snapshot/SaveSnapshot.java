package dev.cairn.node.cli.snapshot;

import dev.cairn.node.proto.etcdserverpb.MaintenanceGrpc;
import dev.cairn.node.proto.etcdserverpb.SnapshotRequest;
import dev.cairn.node.proto.etcdserverpb.SnapshotResponse;
import dev.cairn.node.snapshot.SnapshotPayload;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * {@code cairn snapshot save <file>}: as etcdctl, writes every blob of the stream (the SHA-256 message included)
 * to {@code <file>.part}, checks that the size leaves room for the hash, fsyncs and renames.
 */
final class SaveSnapshot {
    /** etcdctl creates the file with mode 0600: a snapshot holds every key. */
    private static final FileAttribute<Set<PosixFilePermission>> OWNER_ONLY =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));

    private SaveSnapshot() {
    }

    static void run(List<String> args, PrintStream out) throws IOException {
        Set<String> valued = new HashSet<>(ToolConnection.FLAGS);
        valued.add("endpoints");
        SnapshotArgs parsed = SnapshotArgs.parse(args, valued, Set.of());
        Path file = Path.of(parsed.file("save <filename>"));
        List<String> endpoints = List.of(parsed.flag("endpoints", "127.0.0.1:2379").split(","));
        if (endpoints.size() != 1) {
            throw new SnapshotUsageException("snapshot must be requested to one selected node, not multiple "
                    + endpoints);
        }
        try (ToolConnection connection = ToolConnection.open(endpoints.get(0), parsed.optional("cacert"),
                parsed.optional("cert"), parsed.optional("key"))) {
            download(connection.channel(), file);
        }
        out.println("Snapshot saved at " + file);
    }

    /**
     * Streams the member's snapshot into {@code <file>.part}, fsyncs it and renames it to {@code file}; on any
     * failure nothing remains under either name.
     */
    static void download(ManagedChannel channel, Path file) throws IOException {
        Path partial = file.resolveSibling(file.getFileName() + ".part");
        try {
            receive(channel, partial);
            Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(partial);
            throw e;
        }
    }

    private static void receive(ManagedChannel channel, Path partial) throws IOException {
        long size = 0;
        try (FileChannel target = FileChannel.open(partial, Set.of(StandardOpenOption.CREATE,
                StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING), OWNER_ONLY);
             OutputStream writer = Channels.newOutputStream(target)) {
            Iterator<SnapshotResponse> stream = MaintenanceGrpc.newBlockingStub(channel)
                    .snapshot(SnapshotRequest.getDefaultInstance());
            while (stream.hasNext()) {
                SnapshotResponse response = stream.next();
                response.getBlob().writeTo(writer);
                size += response.getBlob().size();
            }
            target.force(true);
        } catch (StatusRuntimeException e) {
            throw new IOException(e.getStatus().getDescription() != null ? e.getStatus().getDescription()
                    : e.getStatus().getCode().toString(), e);
        }
        if (size % SnapshotPayload.ALIGNMENT != SnapshotPayload.HASH_BYTES) {
            throw new IOException("sha256 checksum not found [bytes: " + size + "]");
        }
    }
}
