package dev.cairn.operator.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.crdv2.generator.CRDGenerator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The committed CRD must be what the Java classes generate. To refresh it after changing the model, run
 * {@code mvn -B -ntp -o -pl operator test -Dtest=CrdFreshnessTest -Dcairn.crd.refresh=true} and commit
 * {@code crds/}.
 */
class CrdFreshnessTest {

    static final String FILE_NAME = "etcdclusters.cairn.dev-v1.yml";
    static final Path COMMITTED = Path.of("..", "crds", FILE_NAME);

    @Test
    void committedCrdMatchesTheModelClasses(@TempDir Path dir) throws IOException {
        Path generated = generateInto(dir);
        if (Boolean.getBoolean("cairn.crd.refresh")) {
            Files.copy(generated, COMMITTED, StandardCopyOption.REPLACE_EXISTING);
        }
        assertThat(COMMITTED).as("committed CRD").exists();
        assertThat(Files.readString(COMMITTED))
                .as("crds/%s is stale; regenerate it with: mvn -B -ntp -o -pl operator test "
                        + "-Dtest=CrdFreshnessTest -Dcairn.crd.refresh=true", FILE_NAME)
                .isEqualTo(Files.readString(generated));
    }

    static Path generateInto(Path dir) {
        new CRDGenerator()
                .inOutputDir(dir.toFile())
                .forCRDVersions("v1")
                .customResourceClasses(EtcdCluster.class)
                .generate();
        return dir.resolve(FILE_NAME);
    }
}
