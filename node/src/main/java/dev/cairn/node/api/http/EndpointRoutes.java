package dev.cairn.node.api.http;

import dev.cairn.node.api.ServerVersion;
import dev.cairn.node.server.EtcdNode;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * etcd's HTTP endpoints, independent of the server that carries them: {@code /health} (etcd 3.5's JSON, with
 * {@code exclude} and {@code serializable}), {@code /livez}, {@code /readyz}, {@code /version} and {@code /metrics}.
 * On the client URLs etcd also answers CORS preflights and, with its default {@code --cors=*}, adds CORS headers to
 * every answer; its {@code /v3/} JSON gateway is not served here and says so.
 */
public final class EndpointRoutes {
    /** Which listener the routes serve: etcd's client URLs and its metrics URLs differ slightly. */
    public enum Listener { CLIENT, METRICS }

    private static final String TEXT = "text/plain; charset=utf-8";
    private static final Map<String, String> NO_SNIFF = Map.of("X-Content-Type-Options", "nosniff");
    /** What etcd's access controller adds on the client URLs with its default {@code --cors=*}. */
    private static final Map<String, String> CORS = Map.of(
            "Access-Control-Allow-Methods", "POST, GET, OPTIONS, PUT, DELETE",
            "Access-Control-Allow-Origin", "*",
            "Access-Control-Allow-Headers", "accept, content-type, authorization");
    /** Go's http.NotFound, which etcd's mux answers for any other path. */
    private static final EndpointResponse NOT_FOUND =
            new EndpointResponse(404, TEXT, "404 page not found\n", NO_SNIFF);
    /** grpc-gateway's error body, with code 12 (UNIMPLEMENTED), which it maps to 501. */
    private static final EndpointResponse GATEWAY_NOT_SUPPORTED = EndpointResponse.of(501, "application/json",
            "{\"error\":\"the /v3 JSON gateway is not supported by cairn; use the gRPC API on this port\","
                    + "\"code\":12,"
                    + "\"message\":\"the /v3 JSON gateway is not supported by cairn; use the gRPC API on this port\"}");

    private final Listener listener;
    private final HealthCheck health;
    private final MetricsText metrics;

    public EndpointRoutes(EtcdNode node, Listener listener) {
        this.listener = listener;
        this.health = new HealthCheck(node);
        this.metrics = new MetricsText(node);
    }

    /** Answers one request; may wait up to a second (a linearizable /health read), so never on an event loop. */
    public EndpointResponse answer(EndpointRequest request) {
        if (listener == Listener.METRICS) {
            return route(request);
        }
        if (request.method().equals("OPTIONS")) {
            return new EndpointResponse(200, null, "", CORS);
        }
        if (isGatewayPath(request.path())) {
            return GATEWAY_NOT_SUPPORTED.withHeaders(CORS);
        }
        return route(request).withHeaders(CORS);
    }

    private EndpointResponse route(EndpointRequest request) {
        return switch (request.path()) {
            case "/health" -> onlyGet(request, () -> health(request.rawQuery()));
            case "/livez" -> onlyGet(request, () -> EndpointResponse.of(200, TEXT, "ok"));
            case "/readyz" -> onlyGet(request, () -> {
                HealthCheck.Health verdict = health.ready();
                return EndpointResponse.of(verdict.healthy() ? 200 : 503, TEXT, verdict.healthy() ? "ok" : verdict.reason());
            });
            case "/version" -> onlyGet(request, () -> EndpointResponse.of(200, "application/json", "{\"etcdserver\":\""
                    + ServerVersion.ETCD_VERSION + "\",\"etcdcluster\":\"" + clusterVersion() + "\"}"));
            case "/metrics" -> onlyGet(request,
                    () -> EndpointResponse.of(200, "text/plain; version=0.0.4; charset=utf-8", metrics.render()));
            default -> NOT_FOUND;
        };
    }

    /** etcd's allowMethod: anything but GET gets Go's http.Error 405. */
    private static EndpointResponse onlyGet(EndpointRequest request, Supplier<EndpointResponse> answer) {
        if (request.method().equals("GET")) {
            return answer.get();
        }
        return new EndpointResponse(405, TEXT, "Method Not Allowed\n",
                Map.of("Allow", "GET", "X-Content-Type-Options", "nosniff"));
    }

    /** etcd rewrites {@code /v3beta/} to {@code /v3/} before its gateway sees the path. */
    private static boolean isGatewayPath(String path) {
        return path.equals("/v3") || path.startsWith("/v3/") || path.equals("/v3beta") || path.startsWith("/v3beta/");
    }

    private EndpointResponse health(String rawQuery) {
        Set<String> excluded = new HashSet<>();
        boolean serializable = false;
        if (rawQuery != null) {
            for (String pair : rawQuery.split("&")) {
                String[] kv = pair.split("=", 2);
                String name = decode(kv[0]);
                String value = decode(kv.length > 1 ? kv[1] : "");
                if (name == null || value == null) {
                    continue; // as Go's URL.Query(), a malformed pair is skipped
                }
                switch (name) {
                    case "exclude" -> excluded.addAll(List.of(value.split(",")));
                    case "serializable" -> serializable = value.equals("true");
                    default -> {
                    }
                }
            }
        }
        HealthCheck.Health verdict = health.check(excluded, serializable);
        return EndpointResponse.of(verdict.healthy() ? 200 : 503, "application/json", verdict.json());
    }

    private static String decode(String component) {
        try {
            return URLDecoder.decode(component, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** etcd reports the cluster version as major.minor.0 of the version every member runs. */
    private static String clusterVersion() {
        String[] parts = ServerVersion.ETCD_VERSION.split("\\.");
        return parts[0] + "." + parts[1] + ".0";
    }
}
