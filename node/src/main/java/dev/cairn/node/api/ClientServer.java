package dev.cairn.node.api;

import dev.cairn.node.api.http.ClientPortNegotiator;
import dev.cairn.node.api.http.EndpointRoutes;
import dev.cairn.node.api.http.HttpWorkers;
import dev.cairn.node.server.EtcdNode;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.netty.InternalNettyServerCredentials;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import io.netty.handler.ssl.SslContext;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The servers on the client URLs: gRPC configured as etcd's (keepalive pings allowed every 5 s even without calls,
 * as etcdctl, jetcd and kube-apiserver ping that often and grpc-java's default would GOAWAY them; inbound messages
 * up to max-request-bytes + 512 KiB, outbound unlimited), and on the same ports etcd's HTTP/1.1 endpoints
 * ({@code /health}, {@code /version}, {@code /metrics}, ...), chosen per connection by {@link ClientPortNegotiator}.
 */
public final class ClientServer implements AutoCloseable {
    private static final int EXTRA_RECEIVE_BYTES = 512 * 1024;
    private static final long KEEPALIVE_MIN_SECONDS = 5;

    private final List<Server> servers;
    private final Responder responder;
    private final ThreadPoolExecutor httpWorkers;

    private final WatchService watch;

    private ClientServer(List<Server> servers, Responder responder, ThreadPoolExecutor httpWorkers, WatchService watch) {
        this.servers = servers;
        this.responder = responder;
        this.httpWorkers = httpWorkers;
        this.watch = watch;
    }

    /**
     * Listens on every URL: plain on http URLs, with TLS on https URLs (the two may be mixed, as in etcd).
     *
     * @param tls the TLS context for the https URLs; empty when TLS is not configured
     * @throws IOException with a message naming the address when a port cannot be bound
     * @throws IllegalArgumentException when an https URL is given without a TLS context
     */
    public static ClientServer start(EtcdNode node, List<URI> listenUrls, int maxTxnOps, int maxRequestBytes,
                                     Optional<SslContext> tls) throws IOException {
        Responder responder = new Responder(Math.max(2, Runtime.getRuntime().availableProcessors()));
        HealthStatusManager health = new HealthStatusManager();
        HasLeaderInterceptor hasLeader = new HasLeaderInterceptor(node.raftStatus());
        LearnerInterceptor learner = new LearnerInterceptor(node.raftStatus());
        WatchService watch = new WatchService(node.watchHub(), maxRequestBytes,
                node.watchHub().progressNotifyInterval());
        InProcessKv inProcessKv = new InProcessKv(node);
        MaintenanceService maintenance = new MaintenanceService(node, responder, new Defragmenter(node.store()::defragment, health));
        GrpcMetricsInterceptor grpcMetrics = new GrpcMetricsInterceptor(node.metrics().grpcRequests());
        EndpointRoutes httpRoutes = new EndpointRoutes(node, EndpointRoutes.Listener.CLIENT);
        // A request that finds the HTTP workers' queue full is answered 503 at once.
        ThreadPoolExecutor httpWorkers = HttpWorkers.create("cairn-client-http", new ThreadPoolExecutor.AbortPolicy());
        List<Server> started = new ArrayList<>();
        try {
            for (URI url : listenUrls) {
                InetSocketAddress address = new InetSocketAddress(url.getHost(), url.getPort());
                Optional<SslContext> urlTls = Optional.empty();
                if (url.getScheme().equals("https")) {
                    urlTls = Optional.of(tls.orElseThrow(() -> new IllegalArgumentException(
                            "TLS key/cert must be provided for " + url + " with a secure scheme")));
                }
                NettyServerBuilder builder = NettyServerBuilder.forAddress(address, InternalNettyServerCredentials.create(
                        new ClientPortNegotiator(urlTls, httpRoutes, httpWorkers)));
                Server server = builder
                        // Handlers never block: they validate and hand work to the node or the responder pool.
                        .directExecutor()
                        .permitKeepAliveTime(KEEPALIVE_MIN_SECONDS, TimeUnit.SECONDS)
                        .permitKeepAliveWithoutCalls(true)
                        .maxInboundMessageSize(maxRequestBytes + EXTRA_RECEIVE_BYTES)
                        .addService(ServerInterceptors.intercept(new KvService(node, responder, maxTxnOps, maxRequestBytes), hasLeader, learner))
                        .addService(ServerInterceptors.intercept(watch, hasLeader, learner))
                        .addService(ServerInterceptors.intercept(new LeaseService(node, responder), hasLeader, learner))
                        .addService(ServerInterceptors.intercept(maintenance, hasLeader, learner))
                        .addService(ServerInterceptors.intercept(new ClusterService(node, responder), hasLeader, learner))
                        .addService(ServerInterceptors.intercept(new LockService(inProcessKv), hasLeader, learner))
                        .addService(ServerInterceptors.intercept(new ElectionService(inProcessKv), hasLeader, learner))
                        .addService(health.getHealthService())
                        .intercept(grpcMetrics)
                        .build();
                grpcMetrics.register(server.getServices());
                try {
                    server.start();
                } catch (IOException e) {
                    throw bindFailure(url, e);
                }
                started.add(server);
            }
        } catch (IOException | RuntimeException e) {
            started.forEach(Server::shutdownNow);
            watch.close();
            responder.close();
            httpWorkers.shutdownNow();
            throw e;
        }
        return new ClientServer(started, responder, httpWorkers, watch);
    }

    /**
     * Fails, as etcd does, before anything is written to the data dir when a client URL cannot be listened on.
     * The probe socket is closed at once; the real server binds the same address moments later.
     */
    public static void checkListenable(List<URI> listenUrls) throws IOException {
        for (URI url : listenUrls) {
            try (ServerSocket probe = new ServerSocket()) {
                probe.setReuseAddress(true);
                probe.bind(new InetSocketAddress(url.getHost(), url.getPort()));
            } catch (IOException e) {
                throw bindFailure(url, new IOException(e));
            }
        }
    }

    private static IOException bindFailure(URI url, IOException e) {
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        String reason = cause instanceof BindException ? "address already in use or not available" : cause.getMessage();
        return new IOException("listen tcp " + url.getHost() + ":" + url.getPort() + ": bind: " + reason, e);
    }

    /** The ports actually bound, in the order of the URLs (useful when a URL asked for port 0). */
    public List<Integer> ports() {
        return servers.stream().map(Server::getPort).toList();
    }

    @Override
    public void close() {
        watch.close();
        servers.forEach(Server::shutdown);
        for (Server server : servers) {
            try {
                if (!server.awaitTermination(5, TimeUnit.SECONDS)) {
                    server.shutdownNow();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                server.shutdownNow();
            }
        }
        responder.close();
        httpWorkers.shutdownNow();
    }
}
