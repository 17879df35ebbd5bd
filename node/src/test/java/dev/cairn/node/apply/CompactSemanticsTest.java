package dev.cairn.node.apply;

import static dev.cairn.node.apply.KvFixture.assertFails;
import static dev.cairn.node.apply.KvFixture.values;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.node.error.EtcdError;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompactSemanticsTest {
    @TempDir
    Path dir;

    @Test
    void compactValidatesTheRevisionAndReportsPhysicalCompletion() throws Exception {
        try (KvFixture kv = new KvFixture(dir)) {
            kv.put("a", "1");
            kv.put("a", "2");
            kv.put("b", "1");
            assertFails(EtcdError.FUTURE_REV, () -> kv.compact(5));

            CompactResult result = kv.compact(3);
            assertThat(result.response().getHeader().getRevision()).isEqualTo(4);
            result.physicalDone().get(30, TimeUnit.SECONDS);

            assertFails(EtcdError.COMPACTED, () -> kv.compact(3));
            assertFails(EtcdError.COMPACTED, () -> kv.compact(2));
            assertThat(values(kv.range("\0", "\0").getKvsList())).containsExactly("2", "1");
            assertThat(kv.store.currentRevision()).isEqualTo(4);
        }
    }
}
