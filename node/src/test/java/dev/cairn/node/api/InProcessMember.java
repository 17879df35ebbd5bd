package dev.cairn.node.api;

import dev.cairn.node.config.TlsSettings;
import dev.cairn.node.lease.LeaseCheckpointPolicy;
import dev.cairn.node.lease.LeaseClock;
import dev.cairn.node.server.EtcdNode;
import dev.cairn.node.server.ServerSettings;
import dev.cairn.node.tls.ClientTlsContext;
import dev.cairn.node.tls.TlsSetupException;
import io.netty.handler.ssl.SslContext;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/** A single member running in the test's JVM on a loopback port chosen by the OS, over a given data dir. */
final class InProcessMember implements AutoCloseable {
    static final String PEER_URL = "http://127.0.0.1:2380";

    private final EtcdNode node;
    private final ClientServer server;
    private final String scheme;
    private final AtomicReference<Throwable> fatal = new AtomicReference<>();

    /** etcd's default --quota-backend-bytes. */
    static final long DEFAULT_QUOTA_BYTES = 2L * 1024 * 1024 * 1024;

    /** What the tests vary; the rest is fixed. */
    private record Options(LeaseClock leaseClock, long quotaBackendBytes, TlsSettings tls,
                           LeaseCheckpointPolicy leaseCheckpoints, Duration watchProgressNotifyInterval) {
        static final Options DEFAULT = new Options(LeaseClock.system(), DEFAULT_QUOTA_BYTES, TlsSettings.NONE,
                LeaseCheckpointPolicy.every(LeaseCheckpointPolicy.DEFAULT_INTERVAL), Duration.ofMinutes(10));

        Options withLeases(LeaseClock clock, LeaseCheckpointPolicy checkpoints) {
            return new Options(clock, quotaBackendBytes, tls, checkpoints, watchProgressNotifyInterval);
        }
    }

    private InProcessMember(Path dataDir, int port, Options options) throws IOException {
        TlsSettings tls = options.tls();
        this.scheme = tls.enabled() ? "https" : "http";
        URI clientUrl = URI.create(scheme + "://127.0.0.1:" + port);
        Optional<SslContext> sslContext;
        try {
            sslContext = ClientTlsContext.build(tls, dataDir, List.of(clientUrl));
        } catch (TlsSetupException e) {
            throw new IOException(e.getMessage(), e);
        }
        ServerSettings settings = new ServerSettings("m1", dataDir, null, Map.of("m1", List.of(PEER_URL)), true,
                "test-cluster", List.of(PEER_URL), List.of(clientUrl.toString()), 100_000,
                Duration.ofMillis(100), Duration.ofMillis(1000), 128, 1_572_864, options.quotaBackendBytes(),
                options.leaseCheckpoints(), options.watchProgressNotifyInterval(), true, 5_000);
        this.node = EtcdNode.start(settings, failure -> {
            failure.printStackTrace();
            fatal.set(failure);
        }, options.leaseClock());
        try {
            this.server = ClientServer.start(node, List.of(clientUrl), 128, 1_572_864, sslContext);
        } catch (IOException e) {
            node.close();
            throw e;
        }
    }

    /** Starts on a free port; the member announces exactly that port as its client URL. */
    static InProcessMember start(Path dataDir) throws IOException {
        return new InProcessMember(dataDir, freePort(), Options.DEFAULT);
    }

    static InProcessMember start(Path dataDir, int port) throws IOException {
        return new InProcessMember(dataDir, port, Options.DEFAULT);
    }

    /** Starts on a free port with leases expiring by the given clock. */
    static InProcessMember start(Path dataDir, LeaseClock leaseClock) throws IOException {
        return new InProcessMember(dataDir, freePort(), Options.DEFAULT.withLeases(leaseClock,
                Options.DEFAULT.leaseCheckpoints()));
    }

    /** Starts on a free port with leases expiring by the given clock and checkpointed as given. */
    static InProcessMember start(Path dataDir, LeaseClock leaseClock, LeaseCheckpointPolicy checkpoints)
            throws IOException {
        return new InProcessMember(dataDir, freePort(), Options.DEFAULT.withLeases(leaseClock, checkpoints));
    }

    /** Starts on a free port with the given --quota-backend-bytes. */
    static InProcessMember startWithQuota(Path dataDir, long quotaBackendBytes) throws IOException {
        Options d = Options.DEFAULT;
        return new InProcessMember(dataDir, freePort(), new Options(d.leaseClock(), quotaBackendBytes, d.tls(),
                d.leaseCheckpoints(), d.watchProgressNotifyInterval()));
    }

    /** Starts on a free port serving https with the given client TLS settings. */
    static InProcessMember startWithTls(Path dataDir, TlsSettings tls) throws IOException {
        Options d = Options.DEFAULT;
        return new InProcessMember(dataDir, freePort(), new Options(d.leaseClock(), d.quotaBackendBytes(), tls,
                d.leaseCheckpoints(), d.watchProgressNotifyInterval()));
    }

    /** Starts on a free port sending periodic watch progress notifications at the given interval. */
    static InProcessMember startWithWatchProgress(Path dataDir, Duration interval) throws IOException {
        Options d = Options.DEFAULT;
        return new InProcessMember(dataDir, freePort(), new Options(d.leaseClock(), d.quotaBackendBytes(), d.tls(),
                d.leaseCheckpoints(), interval));
    }

    static int freePort() throws IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    String endpoint() {
        return scheme + "://127.0.0.1:" + server.ports().get(0);
    }

    int port() {
        return server.ports().get(0);
    }

    EtcdNode node() {
        return node;
    }

    Throwable fatalError() {
        return fatal.get();
    }

    @Override
    public void close() {
        server.close();
        node.close();
    }
}
