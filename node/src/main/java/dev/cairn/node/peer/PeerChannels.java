package dev.cairn.node.peer;

import dev.cairn.node.tls.PeerTlsContext;
import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import io.netty.channel.ChannelOption;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The gRPC channels to one peer, one per URL, created when first used. Attempts rotate over the URLs, as etcd
 * tries a peer's next URL after a failure. Thread-safe.
 */
final class PeerChannels implements AutoCloseable {
    private static final int CONNECT_TIMEOUT_MILLIS = 5000;
    private static final long KEEPALIVE_SECONDS = 10;
    private static final long KEEPALIVE_TIMEOUT_SECONDS = 5;

    private final List<URI> urls;
    private final Optional<PeerTlsContext> tls;
    private final int maxMessageBytes;
    private final List<ManagedChannel> channels;
    private int current;
    private boolean closed;

    PeerChannels(List<URI> urls, Optional<PeerTlsContext> tls, int maxMessageBytes) {
        if (urls.isEmpty()) {
            throw new IllegalArgumentException("a peer needs at least one URL");
        }
        for (URI url : urls) {
            checkScheme(url, tls);
        }
        this.urls = List.copyOf(urls);
        this.tls = tls;
        this.maxMessageBytes = maxMessageBytes;
        this.channels = new ArrayList<>(urls.size());
        for (int i = 0; i < urls.size(); i++) {
            channels.add(null);
        }
    }

    List<URI> urls() {
        return urls;
    }

    /** The channel of the URL in use. */
    synchronized ManagedChannel current() {
        return channel(current);
    }

    /** Moves to the next URL (after a failure) and returns its channel, ready to connect at once. */
    synchronized ManagedChannel next() {
        current = (current + 1) % urls.size();
        ManagedChannel channel = channel(current);
        // Skip gRPC's own reconnect backoff (up to two minutes): the sender paces attempts itself.
        channel.resetConnectBackoff();
        return channel;
    }

    synchronized URI currentUrl() {
        return urls.get(current);
    }

    private ManagedChannel channel(int index) {
        if (closed) {
            throw new IllegalStateException("the channels to this peer are closed");
        }
        ManagedChannel channel = channels.get(index);
        if (channel == null) {
            channel = open(urls.get(index), tls, maxMessageBytes);
            channels.set(index, channel);
        }
        return channel;
    }

    /** @throws IllegalArgumentException for a scheme other than http and https, or https without peer TLS */
    static void checkScheme(URI url, Optional<PeerTlsContext> tls) {
        if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme())) {
            throw new IllegalArgumentException("peer URL " + url + ": only http and https are supported");
        }
        if (url.getScheme().equals("https") && tls.isEmpty()) {
            throw new IllegalArgumentException("peer URL " + url
                    + " needs peer TLS (--peer-cert-file and --peer-key-file, or --peer-auto-tls)");
        }
    }

    /** A channel to one peer URL: TLS with the peer context for https, plain for http. */
    static ManagedChannel open(URI url, Optional<PeerTlsContext> tls, int maxMessageBytes) {
        checkScheme(url, tls);
        NettyChannelBuilder builder = NettyChannelBuilder.forAddress(url.getHost(), url.getPort())
                .directExecutor()
                .withOption(ChannelOption.CONNECT_TIMEOUT_MILLIS, CONNECT_TIMEOUT_MILLIS)
                .keepAliveTime(KEEPALIVE_SECONDS, TimeUnit.SECONDS)
                .keepAliveTimeout(KEEPALIVE_TIMEOUT_SECONDS, TimeUnit.SECONDS)
                .keepAliveWithoutCalls(true)
                .maxInboundMessageSize(maxMessageBytes);
        if (url.getScheme().equals("https")) {
            builder.sslContext(tls.orElseThrow().client());
        } else {
            builder.usePlaintext();
        }
        return builder.build();
    }

    @Override
    public void close() throws InterruptedException {
        List<ManagedChannel> open;
        synchronized (this) {
            closed = true;
            open = channels.stream().filter(c -> c != null).toList();
        }
        open.forEach(ManagedChannel::shutdownNow);
        for (ManagedChannel channel : open) {
            channel.awaitTermination(5, TimeUnit.SECONDS);
        }
    }
}
