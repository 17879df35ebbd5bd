package dev.cairn.node.cli;

import dev.cairn.node.peer.ClusterInfo;
import dev.cairn.node.peer.PeerDirectory;
import dev.cairn.node.peer.PeerHost;
import dev.cairn.node.peer.PeerSettings;
import dev.cairn.node.peer.PeerTransport;
import dev.cairn.node.peer.PreparedSnapshot;
import dev.cairn.node.proto.etcdserverpb.LeaseTimeToLiveRequest;
import dev.cairn.node.proto.etcdserverpb.LeaseTimeToLiveResponse;
import dev.cairn.node.proto.etcdserverpb.Member;
import dev.cairn.node.raft.Message;
import dev.cairn.node.server.ClusterDirectory;
import dev.cairn.node.server.PeerEvents;
import dev.cairn.node.server.PeerNetwork;
import dev.cairn.node.tls.PeerTlsContext;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Connects a member to its peer transport: the transport serves the peer URLs and hands what arrives to the
 * member's {@link PeerEvents}; the member sends through {@link PeerNetwork}. The two packages do not know each
 * other; this is where they meet.
 */
final class PeerWiring {
    /** How long one peer may take to say which cluster it belongs to. */
    private static final Duration DIRECTORY_TIMEOUT = Duration.ofSeconds(2);
    private static final System.Logger LOG = System.getLogger(PeerWiring.class.getName());

    private PeerWiring() {
    }

    static PeerNetwork.Factory transport(List<URI> listenUrls, Optional<PeerTlsContext> tls, Path snapshotDir) {
        return (localId, clusterId, events) -> new TransportNetwork(PeerTransport.start(
                PeerSettings.of(localId, clusterId, listenUrls, tls, snapshotDir), new Host(events, snapshotDir)));
    }

    static ClusterDirectory directory(Optional<PeerTlsContext> tls) {
        return peerUrls -> {
            if (peerUrls.isEmpty()) {
                return Optional.empty();
            }
            try {
                ClusterInfo info = PeerDirectory.fetchCluster(peerUrls.stream().map(URI::create).toList(), tls,
                        DIRECTORY_TIMEOUT);
                return Optional.of(new ClusterDirectory.RemoteCluster(info.clusterId(), info.members()));
            } catch (IOException e) {
                LOG.log(System.Logger.Level.INFO, e.getMessage());
                return Optional.empty();
            }
        };
    }

    private record TransportNetwork(PeerTransport transport) implements PeerNetwork {
        @Override
        public void send(List<Message> messages) {
            transport.send(messages);
        }

        @Override
        public void updatePeers(Map<Long, List<String>> peerUrls) {
            transport.updatePeers(peerUrls);
        }

        @Override
        public Optional<Instant> activeSince(long memberId) {
            return transport.activeSince(memberId);
        }

        @Override
        public CompletableFuture<Long> renewLease(long leaderId, long leaseId) {
            return transport.renewLease(leaderId, leaseId);
        }

        @Override
        public CompletableFuture<LeaseTimeToLiveResponse> leaseTimeToLive(long leaderId,
                                                                          LeaseTimeToLiveRequest request) {
            return transport.leaseTimeToLive(leaderId, request);
        }

        @Override
        public CompletableFuture<List<Member>> promoteMember(long leaderId, long memberId) {
            return transport.promoteMember(leaderId, memberId);
        }

        @Override
        public void close() {
            transport.close();
        }
    }

    private record Host(PeerEvents events, Path snapshotDir) implements PeerHost {
        @Override
        public void receive(Message message) {
            events.receive(message);
        }

        @Override
        public void snapshotReceived(Message message, Path stagingDir) throws IOException {
            events.snapshotReceived(message, stagingDir);
        }

        @Override
        public boolean isRemoved(long memberId) {
            return events.isRemoved(memberId);
        }

        @Override
        public List<Member> members() {
            return events.members();
        }

        @Override
        public PreparedSnapshot prepareSnapshot(Message message) throws IOException {
            PeerEvents.PreparedSnapshot prepared = events.prepareSnapshot(message, snapshotDir);
            return new PreparedSnapshot(prepared.directory(), prepared.meta());
        }

        @Override
        public void onUnreachable(long peerId) {
            events.unreachable(peerId);
        }

        @Override
        public void onSnapshotSent(long peerId, boolean success) {
            events.snapshotSent(peerId, success);
        }

        @Override
        public void onRemovedFromCluster() {
            events.removedFromCluster();
        }

        @Override
        public CompletableFuture<Long> renewLease(long leaseId) {
            return events.renewLease(leaseId);
        }

        @Override
        public CompletableFuture<LeaseTimeToLiveResponse> leaseTimeToLive(LeaseTimeToLiveRequest request) {
            return events.leaseTimeToLive(request);
        }

        @Override
        public CompletableFuture<List<Member>> promoteMember(long memberId) {
            return events.promoteMember(memberId);
        }
    }
}
