package dev.cairn.node.peer;

import dev.cairn.node.proto.etcdserverpb.LeaseTimeToLiveRequest;
import dev.cairn.node.proto.etcdserverpb.LeaseTimeToLiveResponse;
import dev.cairn.node.proto.etcdserverpb.Member;
import dev.cairn.node.raft.Message;
import dev.cairn.node.raft.MessageType;
import io.grpc.Status;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * The peer transport of one member: serves the RaftPeer service on the peer URLs and sends this member's Raft
 * messages to its peers, one ordered stream and bounded queue per peer, snapshots on their own threads.
 *
 * <p>{@link #send} never blocks: messages to unknown peers, or beyond a full queue, are dropped and counted. Failures
 * reach the host as {@link PeerHost#onUnreachable}, {@link PeerHost#onSnapshotSent} and, once, when a peer says
 * this member was removed, {@link PeerHost#onRemovedFromCluster}.
 */
public final class PeerTransport implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(PeerTransport.class.getName());
    private static final long JOIN_MILLIS = 5000;
    /** etcd's request timeout for a member with default election settings. */
    private static final Duration FORWARD_TIMEOUT = Duration.ofSeconds(7);

    private final PeerSettings settings;
    private final PeerHost host;
    private final PeerServer server;
    private final Map<Long, PeerSender> senders = new ConcurrentHashMap<>();
    private final Map<Long, Thread> uploads = new ConcurrentHashMap<>();
    private final LongAdder dropped = new LongAdder();
    private final AtomicBoolean removalReported = new AtomicBoolean();
    private final LeaderCalls leaderCalls = new LeaderCalls(peer -> {
        PeerSender sender = senders.get(peer);
        return sender == null ? null : sender.channels().current();
    }, FORWARD_TIMEOUT);
    private volatile boolean closed;

    private PeerTransport(PeerSettings settings, PeerHost host, PeerServer server) {
        this.settings = settings;
        this.host = host;
        this.server = server;
    }

    /**
     * Starts serving on the listen URLs. No peer is known until {@link #updatePeers}. Staging directories left in
     * the snapshot directory by a transfer a crash interrupted are removed first.
     *
     * @throws IOException naming the address when a listen URL cannot be bound
     */
    public static PeerTransport start(PeerSettings settings, PeerHost host) throws IOException {
        SnapshotReception.removeLeftovers(settings.snapshotDir());
        return new PeerTransport(settings, host, PeerServer.start(settings, host));
    }

    /** The ports bound, in the order of the listen URLs (useful when a URL asked for port 0). */
    public List<Integer> ports() {
        return server.ports();
    }

    /**
     * Sets the peers to send to, as membership changes: new peers get a sender, removed ones are stopped (their
     * queue discarded, their stream and any snapshot send cancelled), peers whose URLs changed are reconnected.
     * This member's own id is ignored.
     *
     * @throws IllegalArgumentException for a URL that is not http or https, or https without peer TLS
     */
    public synchronized void updatePeers(Map<Long, List<String>> peerUrls) {
        if (closed) {
            return;
        }
        Map<Long, List<URI>> wanted = new HashMap<>();
        peerUrls.forEach((id, urls) -> {
            if (id != settings.localId()) {
                List<URI> parsed = urls.stream().map(URI::create).toList();
                parsed.forEach(url -> PeerChannels.checkScheme(url, settings.tls()));
                wanted.put(id, parsed);
            }
        });
        for (Long id : List.copyOf(senders.keySet())) {
            List<URI> urls = wanted.get(id);
            if (urls == null || !urls.equals(senders.get(id).channels().urls())) {
                stopPeer(id);
            }
        }
        wanted.forEach((id, urls) -> senders.computeIfAbsent(id, peer -> {
            PeerSender sender = new PeerSender(peer, settings.clusterId(),
                    new PeerChannels(urls, settings.tls(), settings.maxMessageBytes()), settings, this::streamFailed,
                    dropped);
            sender.start();
            return sender;
        }));
    }

    /**
     * Queues each message for its peer; SNAPSHOT messages start a snapshot send instead (at most one per peer at a
     * time; another one meanwhile is dropped). Never blocks.
     */
    public void send(List<Message> messages) {
        for (Message message : messages) {
            PeerSender sender = closed ? null : senders.get(message.to());
            if (sender == null) {
                dropped.increment();
            } else if (message.type() == MessageType.SNAPSHOT) {
                startUpload(message, sender);
            } else {
                sender.offer(message);
            }
        }
    }

    /** Asks the leader for a lease's new TTL after a keep-alive this member received. */
    public CompletableFuture<Long> renewLease(long leaderId, long leaseId) {
        return leaderCalls.renewLease(leaderId, leaseId);
    }

    public CompletableFuture<LeaseTimeToLiveResponse> leaseTimeToLive(long leaderId, LeaseTimeToLiveRequest request) {
        return leaderCalls.leaseTimeToLive(leaderId, request);
    }

    public CompletableFuture<List<Member>> promoteMember(long leaderId, long memberId) {
        return leaderCalls.promoteMember(leaderId, memberId);
    }

    /** Since when the stream to the peer has been up, empty while it is down or the peer is unknown. */
    public Optional<Instant> activeSince(long peerId) {
        PeerSender sender = senders.get(peerId);
        return sender == null ? Optional.empty() : sender.activeSince();
    }

    /** Messages dropped so far: full queues, unknown peers, snapshots already in progress. */
    public long droppedMessages() {
        return dropped.sum();
    }

    /** Messages waiting for the peer, 0 for an unknown peer. */
    public int queued(long peerId) {
        PeerSender sender = senders.get(peerId);
        return sender == null ? 0 : sender.queued();
    }

    private void startUpload(Message message, PeerSender sender) {
        long peer = message.to();
        synchronized (uploads) {
            if (uploads.containsKey(peer)) {
                dropped.increment();
                return;
            }
            Thread thread = new Thread(new SnapshotUpload(message, settings.clusterId(), host,
                    sender.channels().current(), settings.snapshotTimeout(), () -> uploads.remove(peer)),
                    "peer-snapshot-" + Long.toHexString(peer));
            thread.setDaemon(true);
            uploads.put(peer, thread);
            thread.start();
        }
    }

    private void streamFailed(long peerId, Status status) {
        if (PeerErrors.isMemberRemoved(status)) {
            if (removalReported.compareAndSet(false, true)) {
                LOG.log(System.Logger.Level.ERROR, "peer {0} says this member was removed from the cluster",
                        Long.toHexString(peerId));
                host.onRemovedFromCluster();
            }
            return;
        }
        host.onUnreachable(peerId);
    }

    private void stopPeer(long id) {
        Thread upload = uploads.get(id);
        if (upload != null) {
            upload.interrupt();
            join(upload);
        }
        PeerSender sender = senders.remove(id);
        if (sender != null) {
            try {
                sender.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void join(Thread thread) {
        try {
            thread.join(JOIN_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops serving and sending; waits (a bounded time) for every thread and channel. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (Long id : List.copyOf(senders.keySet())) {
            stopPeer(id);
        }
        for (Thread upload : List.copyOf(uploads.values())) {
            upload.interrupt();
            join(upload);
        }
        try {
            server.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
