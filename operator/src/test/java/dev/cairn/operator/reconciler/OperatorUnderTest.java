package dev.cairn.operator.reconciler;

import dev.cairn.operator.api.EtcdCluster;
import dev.cairn.operator.members.EtcdAdminFactory;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/** The operator running the reconciler against the mock API server, re-planning every few hundred milliseconds. */
final class OperatorUnderTest {

    static final EtcdClusterReconciler.Intervals FAST = new EtcdClusterReconciler.Intervals(
            Duration.ofMillis(100), Duration.ofMillis(300));

    private OperatorUnderTest() {
    }

    static Operator start(KubernetesClient client, Clock clock, EtcdAdminFactory admins) {
        Operator operator = new Operator(overrider -> OperatorSettings.configure(overrider)
                .withKubernetesClient(client)
                .withCloseClientOnStop(false)
                .checkingCRDAndValidateLocalModel(false));
        operator.register(new EtcdClusterReconciler(clock, admins, FAST));
        operator.start();
        return operator;
    }

    /** A sample resource as the API server stores it (schema defaults filled in), without a uid. */
    static EtcdCluster sample(KubernetesClient client, String name) {
        EtcdCluster cluster;
        try {
            cluster = client.getKubernetesSerialization().unmarshal(
                    Files.readString(Path.of("src", "test", "resources", "golden", name, "cluster.yaml")),
                    EtcdCluster.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        cluster.getMetadata().setUid(null);
        return cluster;
    }
}
