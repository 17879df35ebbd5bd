package dev.cairn.node.server;

import dev.cairn.node.proto.etcdserverpb.LeaseTimeToLiveRequest;
import dev.cairn.node.proto.etcdserverpb.LeaseTimeToLiveResponse;
import dev.cairn.node.proto.etcdserverpb.Member;
import dev.cairn.node.raft.Message;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The member's handle on its peer transport, which starts after the member's parts are built (the transport
 * needs them to deliver what arrives). Until connected, nothing is sent.
 */
final class PeerConnection implements PeerNetwork {
    private volatile PeerNetwork network = PeerNetwork.NONE;

    void connect(PeerNetwork started, Map<Long, List<String>> peers) {
        network = started;
        started.updatePeers(peers);
    }

    @Override
    public void send(List<Message> messages) {
        network.send(messages);
    }

    @Override
    public void updatePeers(Map<Long, List<String>> peerUrls) {
        network.updatePeers(peerUrls);
    }

    @Override
    public Optional<Instant> activeSince(long memberId) {
        return network.activeSince(memberId);
    }

    @Override
    public CompletableFuture<Long> renewLease(long leaderId, long leaseId) {
        return network.renewLease(leaderId, leaseId);
    }

    @Override
    public CompletableFuture<LeaseTimeToLiveResponse> leaseTimeToLive(long leaderId, LeaseTimeToLiveRequest request) {
        return network.leaseTimeToLive(leaderId, request);
    }

    @Override
    public CompletableFuture<List<Member>> promoteMember(long leaderId, long memberId) {
        return network.promoteMember(leaderId, memberId);
    }

    @Override
    public void close() {
        network.close();
    }
}
