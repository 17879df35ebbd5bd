package dev.cairn.node.api.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.cairn.node.api.ServerVersion;
import dev.cairn.node.server.EtcdNode;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * etcd's HTTP endpoints on --listen-metrics-urls: {@code /health} (etcd 3.5's JSON, with {@code exclude} and
 * {@code serializable}), {@code /livez}, {@code /readyz}, {@code /version} and {@code /metrics}. Served by the JDK's
 * HTTP server on two threads: probes are small and rare.
 */
public final class HttpEndpoints implements AutoCloseable {
    private static final int THREADS = 2;

    private final List<HttpServer> servers;
    private final ExecutorService executor;

    private HttpEndpoints(List<HttpServer> servers, ExecutorService executor) {
        this.servers = servers;
        this.executor = executor;
    }

    public static HttpEndpoints start(EtcdNode node, List<URI> urls) throws IOException {
        HealthCheck health = new HealthCheck(node);
        MetricsText metrics = new MetricsText(node);
        ExecutorService executor = Executors.newFixedThreadPool(THREADS, task -> {
            Thread thread = new Thread(task, "cairn-http");
            thread.setDaemon(true);
            return thread;
        });
        List<HttpServer> servers = new ArrayList<>();
        try {
            for (URI url : urls) {
                HttpServer server = HttpServer.create(new InetSocketAddress(url.getHost(), url.getPort()), 0);
                server.createContext("/health", exchange -> health(exchange, health));
                server.createContext("/livez", exchange -> {
                    if (allowGet(exchange)) {
                        reply(exchange, 200, "text/plain; charset=utf-8", "ok");
                    }
                });
                server.createContext("/readyz", exchange -> {
                    if (allowGet(exchange)) {
                        HealthCheck.Health verdict = health.check(Set.of(), true);
                        reply(exchange, verdict.healthy() ? 200 : 503, "text/plain; charset=utf-8",
                                verdict.healthy() ? "ok" : verdict.reason());
                    }
                });
                server.createContext("/version", exchange -> {
                    if (allowGet(exchange)) {
                        reply(exchange, 200, "application/json", "{\"etcdserver\":\"" + ServerVersion.ETCD_VERSION
                                + "\",\"etcdcluster\":\"" + clusterVersion() + "\"}");
                    }
                });
                server.createContext("/metrics", exchange -> {
                    if (allowGet(exchange)) {
                        reply(exchange, 200, "text/plain; version=0.0.4; charset=utf-8", metrics.render());
                    }
                });
                server.setExecutor(executor);
                server.start();
                servers.add(server);
            }
        } catch (IOException e) {
            servers.forEach(s -> s.stop(0));
            executor.shutdownNow();
            throw new IOException("listen tcp " + urlsHostPort(urls) + " for metrics: " + e.getMessage(), e);
        }
        return new HttpEndpoints(servers, executor);
    }

    /** The ports bound, in the order of the URLs. */
    public List<Integer> ports() {
        return servers.stream().map(s -> s.getAddress().getPort()).toList();
    }

    private static void health(HttpExchange exchange, HealthCheck check) throws IOException {
        if (!allowGet(exchange)) {
            return;
        }
        Set<String> excluded = new HashSet<>();
        boolean serializable = false;
        String query = exchange.getRequestURI().getRawQuery();
        if (query != null) {
            for (String pair : query.split("&")) {
                String[] kv = pair.split("=", 2);
                String value = kv.length > 1 ? kv[1] : "";
                switch (kv[0]) {
                    case "exclude" -> excluded.addAll(Arrays.asList(value.split(",")));
                    case "serializable" -> serializable = value.equals("true");
                    default -> {
                    }
                }
            }
        }
        HealthCheck.Health verdict = check.check(excluded, serializable);
        reply(exchange, verdict.healthy() ? 200 : 503, "application/json", verdict.json());
    }

    private static boolean allowGet(HttpExchange exchange) throws IOException {
        if (exchange.getRequestMethod().equals("GET")) {
            return true;
        }
        exchange.getResponseHeaders().set("Allow", "GET");
        reply(exchange, 405, "text/plain; charset=utf-8", "Method Not Allowed");
        return false;
    }

    private static void reply(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** etcd reports the cluster version as major.minor.0 of the version every member runs. */
    private static String clusterVersion() {
        String[] parts = ServerVersion.ETCD_VERSION.split("\\.");
        return parts[0] + "." + parts[1] + ".0";
    }

    private static String urlsHostPort(List<URI> urls) {
        return String.join(",", urls.stream().map(u -> u.getHost() + ":" + u.getPort()).toList());
    }

    @Override
    public void close() {
        servers.forEach(s -> s.stop(0));
        executor.shutdownNow();
    }
}
