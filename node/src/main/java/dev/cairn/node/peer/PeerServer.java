package dev.cairn.node.peer;

import dev.cairn.node.proto.raft.RaftPeerGrpc;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The gRPC servers on the peer URLs: plain on http, TLS on https. Raft message streams are handled on the transport
 * thread that read them, since handing a message to the raft loop never blocks (one thread hand-off less per
 * message on the write path). Every other call runs on a small pool, because receiving a snapshot writes files; its
 * queue holds at most one task per open call, as gRPC runs one callback per call at a time.
 */
final class PeerServer implements AutoCloseable {
    private static final int HANDLER_THREADS = 4;
    private static final int HANDLER_QUEUE = 1024;
    private static final long KEEPALIVE_MIN_SECONDS = 5;

    private final List<Server> servers;
    private final ExecutorService handlers;

    private PeerServer(List<Server> servers, ExecutorService handlers) {
        this.servers = servers;
        this.handlers = handlers;
    }

    /** @throws IOException naming the address when a URL cannot be listened on */
    static PeerServer start(PeerSettings settings, PeerHost host) throws IOException {
        ExecutorService handlers = new ThreadPoolExecutor(HANDLER_THREADS, HANDLER_THREADS, 0, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(HANDLER_QUEUE), daemonThreads(), new ThreadPoolExecutor.CallerRunsPolicy());
        RaftPeerService service = new RaftPeerService(settings.localId(), settings.clusterId(), host,
                settings.snapshotDir());
        List<Server> started = new ArrayList<>();
        try {
            for (URI url : settings.listenUrls()) {
                NettyServerBuilder builder = NettyServerBuilder
                        .forAddress(new InetSocketAddress(url.getHost(), url.getPort()))
                        .executor(handlers)
                        .callExecutor(PeerServer::executorFor)
                        .permitKeepAliveTime(KEEPALIVE_MIN_SECONDS, TimeUnit.SECONDS)
                        .permitKeepAliveWithoutCalls(true)
                        .maxInboundMessageSize(settings.maxMessageBytes())
                        .addService(service);
                if (url.getScheme().equals("https")) {
                    builder.sslContext(settings.tls().orElseThrow().server());
                }
                Server server = builder.build();
                try {
                    server.start();
                } catch (IOException e) {
                    throw bindFailure(url, e);
                }
                started.add(server);
            }
        } catch (IOException | RuntimeException e) {
            started.forEach(Server::shutdownNow);
            handlers.shutdownNow();
            throw e;
        }
        return new PeerServer(List.copyOf(started), handlers);
    }

    /** Raft message streams run on the Netty thread that read them; null keeps the pool for every other call. */
    private static Executor executorFor(ServerCall<?, ?> call, Metadata headers) {
        return call.getMethodDescriptor().getFullMethodName().equals(RaftPeerGrpc.getSendMethod().getFullMethodName())
                ? Runnable::run : null;
    }

    private static IOException bindFailure(URI url, IOException e) {
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        String reason = cause instanceof BindException ? "address already in use or not available" : cause.getMessage();
        return new IOException("listen tcp " + url.getHost() + ":" + url.getPort() + ": bind: " + reason, e);
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, "peer-handler-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** The ports actually bound, in the order of the listen URLs. */
    List<Integer> ports() {
        return servers.stream().map(Server::getPort).toList();
    }

    @Override
    public void close() throws InterruptedException {
        servers.forEach(Server::shutdownNow);
        for (Server server : servers) {
            server.awaitTermination(5, TimeUnit.SECONDS);
        }
        handlers.shutdownNow();
        handlers.awaitTermination(5, TimeUnit.SECONDS);
    }
}
