package dev.cairn.node.peer;

import dev.cairn.node.proto.raft.MembersRequest;
import dev.cairn.node.proto.raft.MembersResponse;
import dev.cairn.node.proto.raft.RaftPeerGrpc;
import dev.cairn.node.tls.PeerTlsContext;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Asks running members for the cluster, as a member started with {@code --initial-cluster-state=existing} does to
 * learn the cluster id and its own member id.
 */
public final class PeerDirectory {

    private PeerDirectory() {
    }

    /**
     * Tries each peer URL in turn and returns the first answer.
     *
     * @param timeout how long each URL may take
     * @throws IOException with etcd's message and each URL's failure when none answers
     */
    public static ClusterInfo fetchCluster(List<URI> peerUrls, Optional<PeerTlsContext> tls, Duration timeout)
            throws IOException {
        List<String> failures = new ArrayList<>();
        for (URI url : peerUrls) {
            ManagedChannel channel;
            try {
                channel = PeerChannels.open(url, tls, PeerSettings.DEFAULT_MAX_MESSAGE_BYTES);
            } catch (IllegalArgumentException e) {
                failures.add(e.getMessage());
                continue;
            }
            try {
                MembersResponse response = RaftPeerGrpc.newBlockingStub(channel)
                        .withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS)
                        .members(MembersRequest.getDefaultInstance());
                return new ClusterInfo(response.getClusterId(), response.getMembersList());
            } catch (StatusRuntimeException e) {
                failures.add(url + ": " + OutboundCall.describe(e.getStatus()));
            } finally {
                channel.shutdownNow();
            }
        }
        throw new IOException("cannot fetch cluster info from peer urls: could not retrieve cluster information from "
                + "the given URLs (" + String.join("; ", failures) + ")");
    }
}
