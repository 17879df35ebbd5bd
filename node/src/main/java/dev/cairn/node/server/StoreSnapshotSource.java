package dev.cairn.node.server;

import dev.cairn.node.raft.ConfState;
import dev.cairn.node.raft.SnapshotMeta;
import dev.cairn.node.storage.mvcc.MvccStore;
import dev.cairn.node.storage.mvcc.StoreCheckpoint;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Makes the Raft snapshot a leader sends to a follower that is behind its log: a checkpoint of the state store,
 * described by what the checkpoint itself holds (the apply thread may have moved on while it was taken).
 */
final class StoreSnapshotSource {
    private final MvccStore store;
    private final AtomicLong sequence = new AtomicLong();

    StoreSnapshotSource(MvccStore store) {
        this.store = store;
    }

    PeerEvents.PreparedSnapshot prepare(Path parent) throws IOException {
        Files.createDirectories(parent);
        Path dir = parent.resolve("outgoing-" + System.currentTimeMillis() + "-" + sequence.incrementAndGet());
        StoreCheckpoint checkpoint = store.checkpoint(dir);
        long term = checkpoint.meta(ApplyLoop.APPLIED_TERM_META).map(b -> ByteBuffer.wrap(b).getLong())
                .orElseThrow(() -> new IllegalStateException("state store checkpoint " + dir + " holds no applied term"));
        ConfState conf = checkpoint.meta(Membership.MEMBERS_META).map(Membership::confStateOf).orElse(ConfState.EMPTY);
        return new PeerEvents.PreparedSnapshot(dir, new SnapshotMeta(checkpoint.consistentIndex(), term, conf));
    }
}
