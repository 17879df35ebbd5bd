package dev.cairn.node.api.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.cairn.node.server.EtcdNode;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadPoolExecutor;

/**
 * etcd's HTTP endpoints ({@link EndpointRoutes}) on --listen-metrics-urls, served by the JDK's HTTP server. When
 * its queue is full the server's dispatcher answers itself, which holds back new requests until a worker is free.
 */
public final class HttpEndpoints implements AutoCloseable {
    private final List<HttpServer> servers;
    private final ThreadPoolExecutor workers;

    private HttpEndpoints(List<HttpServer> servers, ThreadPoolExecutor workers) {
        this.servers = servers;
        this.workers = workers;
    }

    public static HttpEndpoints start(EtcdNode node, List<URI> urls) throws IOException {
        EndpointRoutes routes = new EndpointRoutes(node, EndpointRoutes.Listener.METRICS);
        ThreadPoolExecutor workers = HttpWorkers.create("cairn-metrics-http", new ThreadPoolExecutor.CallerRunsPolicy());
        List<HttpServer> servers = new ArrayList<>();
        try {
            for (URI url : urls) {
                HttpServer server = HttpServer.create(new InetSocketAddress(url.getHost(), url.getPort()), 0);
                server.createContext("/", exchange -> reply(exchange, routes.answer(new EndpointRequest(
                        exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                        exchange.getRequestURI().getRawQuery()))));
                server.setExecutor(workers);
                server.start();
                servers.add(server);
            }
        } catch (IOException e) {
            servers.forEach(s -> s.stop(0));
            workers.shutdownNow();
            throw new IOException("listen tcp " + urlsHostPort(urls) + " for metrics: " + e.getMessage(), e);
        }
        return new HttpEndpoints(servers, workers);
    }

    /** The ports bound, in the order of the URLs. */
    public List<Integer> ports() {
        return servers.stream().map(s -> s.getAddress().getPort()).toList();
    }

    private static void reply(HttpExchange exchange, EndpointResponse response) throws IOException {
        byte[] bytes = response.body().getBytes(StandardCharsets.UTF_8);
        if (response.contentType() != null) {
            exchange.getResponseHeaders().set("Content-Type", response.contentType());
        }
        response.headers().forEach(exchange.getResponseHeaders()::set);
        // The JDK server takes 0 for "chunked"; -1 is an empty body.
        exchange.sendResponseHeaders(response.status(), bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static String urlsHostPort(List<URI> urls) {
        return String.join(",", urls.stream().map(u -> u.getHost() + ":" + u.getPort()).toList());
    }

    @Override
    public void close() {
        servers.forEach(s -> s.stop(0));
        workers.shutdownNow();
    }
}
