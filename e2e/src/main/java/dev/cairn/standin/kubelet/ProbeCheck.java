package dev.cairn.standin.kubelet;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.HTTPHeader;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Probe;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/**
 * One attempt of a probe, as the kubelet makes it: httpGet (a status from 200 to 399 succeeds; to the pod IP unless
 * {@code host} is set; named ports resolved from the container's ports), tcpSocket (the connection opens) or exec
 * (the command exits 0), each within {@code timeoutSeconds}. HTTPS and gRPC probes are not simulated and fail
 * with a message saying so.
 */
final class ProbeCheck {

    /** Runs a command the way the container's process would see it and returns its exit code. */
    interface Exec {
        int run(List<String> command, Duration timeout) throws IOException, InterruptedException;
    }

    record Result(boolean success, String message) {
    }

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(10))
            .build();

    private final Probe probe;
    private final Container container;
    private final String podIp;
    private final Exec exec;

    ProbeCheck(Probe probe, Container container, String podIp, Exec exec) {
        this.probe = probe;
        this.container = container;
        this.podIp = podIp;
        this.exec = exec;
    }

    Result run() throws InterruptedException {
        Duration timeout = Duration.ofSeconds(positive(probe.getTimeoutSeconds(), 1));
        try {
            if (probe.getHttpGet() != null) {
                return httpGet(timeout);
            }
            if (probe.getTcpSocket() != null) {
                int port = port(probe.getTcpSocket().getPort());
                String host = probe.getTcpSocket().getHost() == null ? podIp : probe.getTcpSocket().getHost();
                try (Socket socket = new Socket()) {
                    socket.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
                }
                return new Result(true, "");
            }
            if (probe.getExec() != null) {
                int code = exec.run(probe.getExec().getCommand(), timeout);
                return new Result(code == 0, code == 0 ? "" : "command exited with " + code);
            }
            return new Result(false, "only httpGet, tcpSocket and exec probes are simulated");
        } catch (IOException | IllegalArgumentException e) {
            return new Result(false, e.toString());
        }
    }

    private Result httpGet(Duration timeout) throws IOException, InterruptedException {
        var get = probe.getHttpGet();
        String scheme = get.getScheme() == null ? "HTTP" : get.getScheme();
        if (!scheme.equalsIgnoreCase("HTTP")) {
            return new Result(false, "only HTTP probes are simulated, not " + scheme);
        }
        String host = get.getHost() == null || get.getHost().isEmpty() ? podIp : get.getHost();
        String path = get.getPath() == null || get.getPath().isEmpty() ? "/" : get.getPath();
        URI uri = URI.create("http://" + host + ":" + port(get.getPort()) + (path.startsWith("/") ? "" : "/") + path);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout).GET()
                .header("User-Agent", "kube-probe/stand-in");
        if (get.getHttpHeaders() != null) {
            for (HTTPHeader header : get.getHttpHeaders()) {
                request.setHeader(header.getName(), header.getValue());
            }
        }
        HttpResponse<Void> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.discarding());
        int status = response.statusCode();
        boolean ok = status >= 200 && status < 400;
        return new Result(ok, ok ? "" : "HTTP probe failed with statuscode: " + status);
    }

    private int port(IntOrString port) {
        if (port == null) {
            throw new IllegalArgumentException("probe without a port");
        }
        if (port.getIntVal() != null) {
            return port.getIntVal();
        }
        String name = port.getStrVal();
        if (name.chars().allMatch(Character::isDigit)) {
            return Integer.parseInt(name);
        }
        if (container.getPorts() != null) {
            for (ContainerPort candidate : container.getPorts()) {
                if (name.equals(candidate.getName())) {
                    return candidate.getContainerPort();
                }
            }
        }
        throw new IllegalArgumentException("no container port named " + name);
    }

    static int positive(Integer value, int fallback) {
        return value == null || value <= 0 ? fallback : value;
    }
}
