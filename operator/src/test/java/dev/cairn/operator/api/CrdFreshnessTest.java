package dev.cairn.operator.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.crdv2.generator.CRDGenerator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The committed CRD must be what the Java classes generate. To refresh it after changing the model, run
 * {@code mvn -B -ntp -o -pl operator test -Dtest=CrdFreshnessTest -Dcairn.crd.refresh=true} and commit
 * {@code crds/}.
 */
class CrdFreshnessTest {

    static final String FILE_NAME = "etcdclusters.cairn.dev-v1.yml";
    static final List<String> FILE_NAMES = List.of(FILE_NAME, "etcdbackups.cairn.dev-v1.yml");

    @Test
    void committedCrdsMatchTheModelClasses(@TempDir Path dir) throws IOException {
        generateInto(dir);
        for (String fileName : FILE_NAMES) {
            Path generated = dir.resolve(fileName);
            Path committed = Path.of("..", "crds", fileName);
            if (Boolean.getBoolean("cairn.crd.refresh")) {
                Files.copy(generated, committed, StandardCopyOption.REPLACE_EXISTING);
            }
            assertThat(committed).as("committed CRD").exists();
            assertThat(Files.readString(committed))
                    .as("crds/%s is stale; regenerate it with: mvn -B -ntp -o -pl operator test "
                            + "-Dtest=CrdFreshnessTest -Dcairn.crd.refresh=true", fileName)
                    .isEqualTo(Files.readString(generated));
        }
    }

    static Path generateInto(Path dir) {
        new CRDGenerator()
                .inOutputDir(dir.toFile())
                .forCRDVersions("v1")
                .customResourceClasses(EtcdCluster.class, EtcdBackup.class)
                .generate();
        return dir.resolve(FILE_NAME);
    }
}
