package dev.cairn.node.cli.snapshot;

import dev.cairn.node.cli.bench.Endpoint;
import dev.cairn.node.proto.etcdserverpb.MaintenanceGrpc;
import dev.cairn.node.proto.etcdserverpb.SnapshotRequest;
import dev.cairn.node.proto.etcdserverpb.SnapshotResponse;
import dev.cairn.node.snapshot.SnapshotPayload;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;

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
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

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
        SnapshotArgs parsed = SnapshotArgs.parse(args, Set.of("endpoints"), Set.of());
        Path file = Path.of(parsed.file("save <filename>"));
        List<String> endpoints = List.of(parsed.flag("endpoints", "127.0.0.1:2379").split(","));
        if (endpoints.size() != 1) {
            throw new SnapshotUsageException("snapshot must be requested to one selected node, not multiple "
                    + endpoints);
        }
        Endpoint endpoint = Endpoint.parse(endpoints.get(0));
        Path partial = file.resolveSibling(file.getFileName() + ".part");
        ManagedChannel channel = NettyChannelBuilder.forAddress(endpoint.host(), endpoint.port()).usePlaintext()
                .build();
        try {
            receive(channel, partial);
            Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(partial);
            throw e;
        } finally {
            channel.shutdownNow();
            try {
                channel.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        out.println("Snapshot saved at " + file);
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
