package dev.cairn.node.peer;

import dev.cairn.node.tls.PeerTlsContext;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the peer transport runs with.
 *
 * @param localId         this member's id
 * @param clusterId       the cluster's id: every message sent carries it, every message received must carry it
 * @param listenUrls      where the peer service listens ({@code --listen-peer-urls}); http or https
 * @param tls             peer TLS for https listen URLs and for dialing https peers; empty for none
 * @param snapshotDir     parent of the staging directories incoming snapshots are written to; a received one must
 *                        be moved out or consumed by the host, since leftovers are removed at the next start
 * @param queueCapacity   messages waiting per peer before further ones are dropped
 * @param minBackoff      first wait before reopening a failed stream, doubled after each failure
 * @param maxBackoff      longest wait between attempts
 * @param maxMessageBytes largest message accepted on the peer service
 * @param snapshotTimeout how long sending one snapshot may take in all
 */
public record PeerSettings(long localId, long clusterId, List<URI> listenUrls, Optional<PeerTlsContext> tls,
                           Path snapshotDir, int queueCapacity, Duration minBackoff, Duration maxBackoff,
                           int maxMessageBytes, Duration snapshotTimeout) {

    public static final int DEFAULT_QUEUE_CAPACITY = 4096;
    public static final Duration DEFAULT_MIN_BACKOFF = Duration.ofMillis(100);
    public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(2);
    public static final int DEFAULT_MAX_MESSAGE_BYTES = 64 * 1024 * 1024;
    public static final Duration DEFAULT_SNAPSHOT_TIMEOUT = Duration.ofMinutes(30);

    public PeerSettings {
        listenUrls = List.copyOf(listenUrls);
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(snapshotDir, "snapshotDir");
        if (queueCapacity < 1 || maxMessageBytes < 1) {
            throw new IllegalArgumentException("queue capacity and message size must be positive");
        }
        if (minBackoff.isNegative() || minBackoff.isZero() || maxBackoff.compareTo(minBackoff) < 0) {
            throw new IllegalArgumentException("backoff must be positive and its maximum at least its minimum");
        }
        for (URI url : listenUrls) {
            if (!url.getScheme().equals("http") && !url.getScheme().equals("https")) {
                throw new IllegalArgumentException("peer URL " + url + ": only http and https are supported");
            }
            if (url.getScheme().equals("https") && tls.isEmpty()) {
                throw new IllegalArgumentException("TLS key/cert (--peer-cert-file, --peer-key-file) must be provided "
                        + "for --listen-peer-urls " + url + " with a secure scheme");
            }
        }
    }

    /** Settings with the default queue, backoff, message size and snapshot timeout. */
    public static PeerSettings of(long localId, long clusterId, List<URI> listenUrls, Optional<PeerTlsContext> tls,
                                  Path snapshotDir) {
        return new PeerSettings(localId, clusterId, listenUrls, tls, snapshotDir, DEFAULT_QUEUE_CAPACITY,
                DEFAULT_MIN_BACKOFF, DEFAULT_MAX_BACKOFF, DEFAULT_MAX_MESSAGE_BYTES, DEFAULT_SNAPSHOT_TIMEOUT);
    }
}
