package dev.cairn.standin.kubelet;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.HTTPHeader;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Probe;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
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

    /**
     * A plain HTTP/1.1 GET on a fresh connection closed afterwards, as the kubelet's prober does (no keep-alive: a
     * pooled connection to a restarted container would fail a probe that should pass).
     */
    private Result httpGet(Duration timeout) throws IOException {
        var get = probe.getHttpGet();
        String scheme = get.getScheme() == null ? "HTTP" : get.getScheme();
        if (!scheme.equalsIgnoreCase("HTTP")) {
            return new Result(false, "only HTTP probes are simulated, not " + scheme);
        }
        String host = get.getHost() == null || get.getHost().isEmpty() ? podIp : get.getHost();
        String path = get.getPath() == null || get.getPath().isEmpty() ? "/" : get.getPath();
        int port = port(get.getPort());
        StringBuilder request = new StringBuilder()
                .append("GET ").append(path.startsWith("/") ? "" : "/").append(path).append(" HTTP/1.1\r\n")
                .append("Host: ").append(host).append(':').append(port).append("\r\n")
                .append("User-Agent: kube-probe/stand-in\r\n")
                .append("Accept: */*\r\n")
                .append("Connection: close\r\n");
        if (get.getHttpHeaders() != null) {
            for (HTTPHeader header : get.getHttpHeaders()) {
                request.append(header.getName()).append(": ").append(header.getValue()).append("\r\n");
            }
        }
        request.append("\r\n");
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
            socket.setSoTimeout((int) timeout.toMillis());
            socket.getOutputStream().write(request.toString().getBytes(StandardCharsets.US_ASCII));
            BufferedReader response = new BufferedReader(
                    new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
            String statusLine = response.readLine();
            String[] parts = statusLine == null ? new String[0] : statusLine.split(" ", 3);
            if (parts.length < 2 || !parts[0].startsWith("HTTP/") || !parts[1].matches("\\d{3}")) {
                return new Result(false, "HTTP probe got no status line: " + statusLine);
            }
            int status = Integer.parseInt(parts[1]);
            boolean ok = status >= 200 && status < 400;
            return new Result(ok, ok ? "" : "HTTP probe failed with statuscode: " + status);
        }
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
