package dev.cairn.standin;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/**
 * The client certificate etcdctl needs to reach a cluster with mutual TLS, written to files: the operator's client
 * Secret ({@code <cluster>-operator-client-tls}) or the one spec.tls.secrets.operatorClient names.
 */
public record ClientCredentials(Path caFile, Path certFile, Path keyFile) {

    static final String CA = "ca.crt";
    static final String CERT = "tls.crt";
    static final String KEY = "tls.key";

    /** Empty when the cluster runs without TLS. */
    public static Optional<ClientCredentials> write(KubernetesClient client, GenericKubernetesResource cluster,
            Path dir) {
        Map<?, ?> tls = (Map<?, ?>) spec(cluster).get("tls");
        if (tls != null && Boolean.FALSE.equals(tls.get("enabled"))) {
            return Optional.empty();
        }
        String secretName = cluster.getMetadata().getName() + "-operator-client-tls";
        if (tls != null && tls.get("secrets") instanceof Map<?, ?> secrets && secrets.get("operatorClient") != null) {
            secretName = secrets.get("operatorClient").toString();
        }
        String namespace = cluster.getMetadata().getNamespace();
        Secret secret = client.secrets().inNamespace(namespace).withName(secretName).get();
        if (secret == null) {
            throw new IllegalStateException("the client certificate Secret " + namespace + "/" + secretName
                    + " does not exist (yet)");
        }
        try {
            Files.createDirectories(dir);
            ClientCredentials files = new ClientCredentials(dir.resolve(CA), dir.resolve(CERT), dir.resolve(KEY));
            Files.writeString(files.caFile(), value(secret, CA));
            Files.writeString(files.certFile(), value(secret, CERT));
            Files.writeString(files.keyFile(), value(secret, KEY));
            Files.setPosixFilePermissions(files.keyFile(), PosixFilePermissions.fromString("rw-------"));
            return Optional.of(files);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the client certificate to " + dir, e);
        }
    }

    /** From data (base64), or from stringData, which the mock API server keeps as written. */
    private static String value(Secret secret, String key) {
        if (secret.getData() != null && secret.getData().containsKey(key)) {
            return new String(Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8);
        }
        if (secret.getStringData() != null && secret.getStringData().containsKey(key)) {
            return secret.getStringData().get(key);
        }
        throw new IllegalStateException("Secret " + secret.getMetadata().getName() + " has no " + key);
    }

    private static Map<?, ?> spec(GenericKubernetesResource cluster) {
        Object spec = cluster.getAdditionalProperties().get("spec");
        return spec instanceof Map<?, ?> map ? map : Map.of();
    }
}
