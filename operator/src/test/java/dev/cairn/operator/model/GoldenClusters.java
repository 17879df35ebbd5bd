package dev.cairn.operator.model;

import dev.cairn.operator.api.EtcdCluster;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The sample clusters under src/test/resources/golden, as an API server would store them. */
final class GoldenClusters {

    static final Path ROOT = Path.of("src", "test", "resources", "golden");
    static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private GoldenClusters() {
    }

    static EtcdCluster load(String sample) {
        try {
            return SERIALIZATION.unmarshal(Files.readString(ROOT.resolve(sample).resolve("cluster.yaml")),
                    EtcdCluster.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
