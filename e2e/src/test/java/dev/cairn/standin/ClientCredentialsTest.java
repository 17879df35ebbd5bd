package dev.cairn.standin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.standin.api.ApiServer;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClientCredentialsTest {

    private final ApiServer api = ApiServer.start(0);
    private final KubernetesClient client = api.newClient();

    @TempDir
    Path dir;

    @AfterEach
    void stop() {
        client.close();
        api.close();
    }

    @Test
    void writesTheOperatorsClientCertificateFromDataOrStringData() throws Exception {
        client.resource(new SecretBuilder().withNewMetadata().withName("demo-operator-client-tls")
                .withNamespace("prod").endMetadata()
                .addToData("tls.crt", base64("CERT")).addToData("ca.crt", base64("CA"))
                .addToStringData("tls.key", "KEY").build()).create();

        ClientCredentials files = ClientCredentials.write(client, cluster(Map.of("replicas", 3)), dir).orElseThrow();

        assertThat(Files.readString(files.certFile())).isEqualTo("CERT");
        assertThat(Files.readString(files.caFile())).isEqualTo("CA");
        assertThat(Files.readString(files.keyFile())).isEqualTo("KEY");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(files.keyFile())))
                .isEqualTo("rw-------");
    }

    @Test
    void usesTheUsersSecretWhenTheSpecNamesOneAndNothingWithoutTls() {
        GenericKubernetesResource userTls = cluster(Map.of("tls", Map.of("secrets", Map.of("operatorClient", "mine"))));
        assertThatThrownBy(() -> ClientCredentials.write(client, userTls, dir))
                .hasMessageContaining("Secret prod/mine does not exist");
        assertThat(ClientCredentials.write(client, cluster(Map.of("tls", Map.of("enabled", false))), dir)).isEmpty();
    }

    private static GenericKubernetesResource cluster(Map<String, Object> spec) {
        return new GenericKubernetesResourceBuilder().withApiVersion("cairn.dev/v1alpha1").withKind("EtcdCluster")
                .withNewMetadata().withName("demo").withNamespace("prod").endMetadata()
                .withAdditionalProperties(Map.of("spec", spec)).build();
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
