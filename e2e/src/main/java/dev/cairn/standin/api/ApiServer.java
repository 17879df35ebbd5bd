package dev.cairn.standin.api;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;

/**
 * The stand-in's Kubernetes API: fabric8's mock server in CRUD mode, over plain HTTP on a loopback port. It stores
 * and watches any kind, registers custom resources (with their status subresource) when their CRD is created, and
 * enforces nothing: no authentication, no RBAC, no admission, no schema validation or defaulting.
 */
public final class ApiServer implements AutoCloseable {

    private final KubernetesMockServer server;

    private ApiServer(KubernetesMockServer server) {
        this.server = server;
    }

    /** Starts the server on 127.0.0.1; port 0 picks a free one. */
    public static ApiServer start(int port) {
        KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                new ApiServerDispatcher(), false);
        server.init(InetAddress.getLoopbackAddress(), port);
        return new ApiServer(server);
    }

    /** The base URL clients connect to, e.g. {@code http://127.0.0.1:41234/}. */
    public String url() {
        return "http://" + server.getHostName() + ":" + server.getPort() + "/";
    }

    /** A new client of this server; the caller closes it. */
    public KubernetesClient newClient() {
        return new KubernetesClientBuilder().withConfig(Kubeconfig.clientConfig(url())).build();
    }

    /** Writes a kubeconfig file pointing at this server, as {@code kubectl} and fabric8 read it. */
    public Path writeKubeconfig(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, Kubeconfig.text(url()));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the kubeconfig " + file, e);
        }
    }

    @Override
    public void close() {
        server.destroy();
    }
}
