package dev.cairn.node.server;

import dev.cairn.node.error.EtcdError;
import dev.cairn.node.proto.etcdserverpb.LeaseTimeToLiveRequest;
import dev.cairn.node.proto.etcdserverpb.LeaseTimeToLiveResponse;
import dev.cairn.node.proto.etcdserverpb.Member;
import dev.cairn.node.raft.Message;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** How the raft loop reaches the other members: the peer transport, as the server sees it. */
public interface PeerNetwork extends AutoCloseable {
    /** Starts the transport of one member; it serves the peer URLs and tells {@code events} what arrives. */
    interface Factory {
        PeerNetwork start(long localId, long clusterId, PeerEvents events) throws IOException;
    }

    /**
     * No transport: for a member that is alone in its cluster and embedded (tests), where no message ever needs to
     * leave. Anything sent is dropped.
     */
    PeerNetwork NONE = new PeerNetwork() {
        @Override
        public void send(List<Message> messages) {
        }

        @Override
        public void updatePeers(Map<Long, List<String>> peerUrls) {
        }

        @Override
        public Optional<Instant> activeSince(long memberId) {
            return Optional.empty();
        }

        @Override
        public CompletableFuture<Long> renewLease(long leaderId, long leaseId) {
            return CompletableFuture.failedFuture(EtcdError.NO_LEADER.exception());
        }

        @Override
        public CompletableFuture<LeaseTimeToLiveResponse> leaseTimeToLive(long leaderId,
                                                                          LeaseTimeToLiveRequest request) {
            return CompletableFuture.failedFuture(EtcdError.NO_LEADER.exception());
        }

        @Override
        public CompletableFuture<List<Member>> promoteMember(long leaderId, long memberId) {
            return CompletableFuture.failedFuture(EtcdError.NO_LEADER.exception());
        }

        @Override
        public void close() {
        }
    };

    Factory NO_TRANSPORT = (localId, clusterId, events) -> NONE;

    /** Queues messages for their peers without blocking; what cannot be queued is dropped (Raft resends). */
    void send(List<Message> messages);

    /** The peers to keep connections to, by member id, after a membership change. */
    void updatePeers(Map<Long, List<String>> peerUrls);

    /** Since when the connection to a peer has been up, empty while it is down. */
    Optional<Instant> activeSince(long memberId);

    /** Forwards a keep-alive to the leader, whose lessor alone tracks expiry: the lease's new TTL. */
    CompletableFuture<Long> renewLease(long leaderId, long leaseId);

    CompletableFuture<LeaseTimeToLiveResponse> leaseTimeToLive(long leaderId, LeaseTimeToLiveRequest request);

    /** Forwards a MemberPromote to the leader, which alone knows whether the learner is in sync. */
    CompletableFuture<List<Member>> promoteMember(long leaderId, long memberId);

    @Override
    void close();
}
