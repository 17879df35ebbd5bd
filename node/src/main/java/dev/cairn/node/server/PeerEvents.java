package dev.cairn.node.server;

import dev.cairn.node.proto.etcdserverpb.LeaseTimeToLiveRequest;
import dev.cairn.node.proto.etcdserverpb.LeaseTimeToLiveResponse;
import dev.cairn.node.proto.etcdserverpb.Member;
import dev.cairn.node.raft.Message;
import dev.cairn.node.raft.SnapshotMeta;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * What the peer transport tells the member and asks of it. Called from transport threads: implementations are
 * thread-safe and do not block, except {@link #prepareSnapshot} and {@link #snapshotReceived}.
 */
public interface PeerEvents {
    /** A state-store copy to stream to a follower, and what it holds. */
    record PreparedSnapshot(Path directory, SnapshotMeta meta) {
    }

    /** A Raft message from a peer; dropped when the raft loop's inbox is full (Raft resends). */
    void receive(Message message);

    /** A whole state store arrived for the SNAPSHOT {@code message}; the directory is the member's from now on. */
    void snapshotReceived(Message message, Path stagedStore) throws IOException;

    boolean isRemoved(long memberId);

    List<Member> members();

    /** Copies the state store into a new directory under {@code parent} to send to a follower. */
    PreparedSnapshot prepareSnapshot(Message message, Path parent) throws IOException;

    void snapshotSent(long peerId, boolean success);

    /** Sending to the peer failed: the leader stops streaming appends to it and probes it instead. */
    void unreachable(long peerId);

    /** A peer said this member was removed from the cluster: the member stops. */
    void removedFromCluster();

    /** A follower forwarded a keep-alive to this member as leader. */
    CompletableFuture<Long> renewLease(long leaseId);

    CompletableFuture<LeaseTimeToLiveResponse> leaseTimeToLive(LeaseTimeToLiveRequest request);

    CompletableFuture<List<Member>> promoteMember(long memberId);
}
