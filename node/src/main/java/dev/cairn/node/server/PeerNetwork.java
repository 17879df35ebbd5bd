package dev.cairn.node.server;

import dev.cairn.node.raft.Message;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** How the raft loop reaches the other members: the peer transport, as the server sees it. */
public interface PeerNetwork extends AutoCloseable {
    /** Queues messages for their peers without blocking; what cannot be queued is dropped (Raft resends). */
    void send(List<Message> messages);

    /** The peers to keep connections to, by member id, after a membership change. */
    void updatePeers(Map<Long, List<String>> peerUrls);

    /** Since when the connection to a peer has been up, empty while it is down. */
    Optional<Instant> activeSince(long memberId);

    @Override
    void close();
}
