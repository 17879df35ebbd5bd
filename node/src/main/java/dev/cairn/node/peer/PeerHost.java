package dev.cairn.node.peer;

import dev.cairn.node.proto.etcdserverpb.LeaseTimeToLiveRequest;
import dev.cairn.node.proto.etcdserverpb.LeaseTimeToLiveResponse;
import dev.cairn.node.proto.etcdserverpb.Member;
import dev.cairn.node.raft.Message;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * What the transport needs from the member it serves. Every method may be called from transport threads (gRPC
 * handlers, per-peer senders, snapshot threads), so implementations must be thread-safe and must not block for
 * long, except {@link #prepareSnapshot} and {@link #snapshotReceived}, which run on their own threads.
 */
public interface PeerHost {

    /**
     * A message from a peer, already checked for cluster id and sender. Must not block: when the raft loop's inbox
     * is full the message may be dropped (Raft retries).
     */
    void receive(Message message);

    /**
     * A state-store snapshot arrived complete and verified. {@code message} is type SNAPSHOT with its
     * {@link dev.cairn.node.raft.SnapshotMeta}; {@code stagingDir} holds the files and belongs to the callee from
     * now on (it should move it out of {@link PeerSettings#snapshotDir()}, whose leftovers are deleted at start). Throwing refuses the snapshot: the transport then deletes the directory and the sender is told.
     */
    void snapshotReceived(Message message, Path stagingDir) throws IOException;

    /** Whether the local membership says this member was removed from the cluster. */
    boolean isRemoved(long memberId);

    /** The cluster's members as this member knows them, for members joining an existing cluster. */
    List<Member> members();

    /**
     * Makes a copy of the state store to send for the SNAPSHOT message {@code message} (for example a RocksDB
     * checkpoint). The transport streams the directory and deletes it afterwards.
     */
    PreparedSnapshot prepareSnapshot(Message message) throws IOException;

    /** Sending to the peer failed; reported at most once per reconnection attempt. */
    void onUnreachable(long peerId);

    /** A snapshot send to the peer ended, delivered and accepted or not. */
    void onSnapshotSent(long peerId, boolean success);

    /** A peer said this member was removed from the cluster; called once. The member should stop. */
    void onRemovedFromCluster();

    /**
     * A keep-alive a follower forwarded to this member as leader: the lease's new TTL. Failures are EtcdExceptions,
     * sent back with their etcd text.
     */
    CompletableFuture<Long> renewLease(long leaseId);

    /** A TimeToLive a follower forwarded to this member as leader. */
    CompletableFuture<LeaseTimeToLiveResponse> leaseTimeToLive(LeaseTimeToLiveRequest request);

    /** A MemberPromote a follower forwarded to this member as leader: the member list once applied. */
    CompletableFuture<List<Member>> promoteMember(long memberId);
}
