package dev.cairn.e2e.backup;

import dev.cairn.standin.kubelet.PortForward;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

/**
 * etcdctl's way into a TLS cluster on the stand-in, as a user would take it: the client Service forwarded to a
 * local port, and the operator's client certificate Secret written to files.
 */
final class ClusterAccess implements AutoCloseable {

    private static final int CLIENT_PORT = 2379;

    private final PortForward forward;
    private final Etcdctl etcdctl;

    private ClusterAccess(PortForward forward, Etcdctl etcdctl) {
        this.forward = forward;
        this.etcdctl = etcdctl;
    }

    static ClusterAccess open(KubernetesClient client, String namespace, String cluster, Path dir) {
        Secret secret = client.secrets().inNamespace(namespace).withName(cluster + "-operator-client-tls").get();
        if (secret == null) {
            throw new IllegalStateException("no client certificate Secret for " + cluster);
        }
        try {
            Files.createDirectories(dir);
            Path ca = write(secret, "ca.crt", dir);
            Path cert = write(secret, "tls.crt", dir);
            Path key = write(secret, "tls.key", dir);
            PortForward forward = PortForward.toService(client, namespace, cluster + "-client", CLIENT_PORT);
            return new ClusterAccess(forward,
                    new Etcdctl("https://127.0.0.1:" + forward.localPort(), ca, cert, key));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot reach cluster " + cluster, e);
        }
    }

    Etcdctl etcdctl() {
        return etcdctl;
    }

    /** From data (base64), or from stringData, which the mock API server keeps as written. */
    private static Path write(Secret secret, String key, Path dir) throws IOException {
        String value;
        if (secret.getData() != null && secret.getData().containsKey(key)) {
            value = new String(Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8);
        } else if (secret.getStringData() != null && secret.getStringData().containsKey(key)) {
            value = secret.getStringData().get(key);
        } else {
            throw new IllegalStateException("Secret " + secret.getMetadata().getName() + " has no " + key);
        }
        return Files.writeString(dir.resolve(key), value);
    }

    @Override
    public void close() {
        forward.close();
    }
}
