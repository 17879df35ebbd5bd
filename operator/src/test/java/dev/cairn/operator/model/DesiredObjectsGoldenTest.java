package dev.cairn.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.operator.api.EtcdCluster;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The objects the operator wants for each sample cluster, compared with src/test/resources/golden/<sample>/
 * expected.yaml. After an intended change, refresh the files with
 * {@code mvn -B -ntp -o -pl operator test -Dtest=DesiredObjectsGoldenTest -Dcairn.golden.refresh=true}
 * and review the diff before committing it.
 */
class DesiredObjectsGoldenTest {

    @ParameterizedTest
    @ValueSource(strings = {"three-members-defaults", "five-members-custom", "one-member-plain"})
    void desiredObjectsMatchTheGoldenFile(String sample) throws IOException {
        EtcdCluster cluster = GoldenClusters.load(sample);
        int replicas = cluster.getSpec().getReplicas();
        List<HasMetadata> objects = List.of(
                ClusterServices.peer(cluster),
                ClusterServices.client(cluster),
                BootstrapConfigMap.build(cluster, MemberBootstrap.formation(ClusterNames.of(cluster), replicas)),
                MemberStatefulSet.build(cluster, replicas),
                QuorumDisruptionBudget.build(cluster));
        String actual = objects.stream().map(GoldenClusters.SERIALIZATION::asYaml).collect(Collectors.joining());

        Path expected = GoldenClusters.ROOT.resolve(sample).resolve("expected.yaml");
        if (Boolean.getBoolean("cairn.golden.refresh")) {
            Files.writeString(expected, actual);
        }
        assertThat(actual)
                .as("%s is stale; if the change is intended, refresh it with mvn -B -ntp -o -pl operator test "
                        + "-Dtest=DesiredObjectsGoldenTest -Dcairn.golden.refresh=true", expected)
                .isEqualTo(Files.readString(expected));
    }
}
