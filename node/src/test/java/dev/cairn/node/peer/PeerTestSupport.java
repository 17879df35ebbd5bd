package dev.cairn.node.peer;

import dev.cairn.node.raft.Message;
import dev.cairn.node.raft.MessageType;
import dev.cairn.node.tls.PeerTlsContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Starting transports on loopback ports and making messages, for the transport tests. */
final class PeerTestSupport {
    static final long CLUSTER = 0x1c2d3e4fL;

    private PeerTestSupport() {
    }

    /** Settings with a short backoff so that reconnection tests run quickly. */
    static PeerSettings settings(long id, long clusterId, String scheme, int port, Optional<PeerTlsContext> tls,
                                 Path snapshotDir, int queueCapacity) {
        return new PeerSettings(id, clusterId, List.of(URI.create(scheme + "://127.0.0.1:" + port)), tls, snapshotDir,
                queueCapacity, Duration.ofMillis(20), Duration.ofMillis(200), PeerSettings.DEFAULT_MAX_MESSAGE_BYTES,
                Duration.ofMinutes(1));
    }

    static String url(String scheme, PeerTransport transport) {
        return scheme + "://127.0.0.1:" + transport.ports().get(0);
    }

    /** A heartbeat whose context numbers it, so order can be checked. */
    static Message heartbeat(long from, long to, long sequence) {
        return new Message(MessageType.HEARTBEAT, from, to, 3, 0, 0, List.of(), 0, false, 0, sequence, null);
    }

    static List<Message> heartbeats(long from, long to, int firstSequence, int count) {
        return java.util.stream.IntStream.range(firstSequence, firstSequence + count)
                .mapToObj(i -> heartbeat(from, to, i)).toList();
    }

    static List<Long> sequence(int first, int count) {
        return java.util.stream.LongStream.range(first, first + count).boxed().toList();
    }

    /** A loopback port nothing listens on right now. */
    static int unusedPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
