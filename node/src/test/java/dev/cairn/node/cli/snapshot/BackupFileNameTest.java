package dev.cairn.node.cli.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class BackupFileNameTest {

    @Test
    void namesCarryTheClusterTheUtcSecondAndTheRevision() {
        BackupFileName name = BackupFileName.of("demo", Instant.parse("2026-11-24T10:30:05.123Z"), 42);

        assertThat(name.fileName()).isEqualTo("demo-20261124T103005Z-rev42.snap");
        assertThat(name.hashFileName()).isEqualTo("demo-20261124T103005Z-rev42.snap.sha256");
        assertThat(BackupFileName.parse(name.fileName(), "demo")).contains(name);
    }

    @Test
    void onlyThisPrefixsFinishedBackupsAreRecognised() {
        assertThat(BackupFileName.parse("demo-20261124T103005Z-rev42.snap", "other")).isEmpty();
        assertThat(BackupFileName.parse("demo-x-20261124T103005Z-rev42.snap", "demo")).isEmpty();
        assertThat(BackupFileName.parse("demo-20261124T103005Z-rev42.snap.sha256", "demo")).isEmpty();
        assertThat(BackupFileName.parse(".demo.incoming", "demo")).isEmpty();
        assertThat(BackupFileName.parse("demo-x-20261124T103005Z-rev7.snap", "demo-x"))
                .hasValueSatisfying(name -> assertThat(name.revision()).isEqualTo(7));
    }
}
