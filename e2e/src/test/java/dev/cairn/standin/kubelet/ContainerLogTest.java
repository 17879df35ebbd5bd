package dev.cairn.standin.kubelet;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContainerLogTest {

    @TempDir
    Path dir;

    @Test
    void theTailIsTheLastEightyLines() throws Exception {
        String lines = IntStream.rangeClosed(1, 100).mapToObj(i -> "line " + i + "\n").collect(Collectors.joining());

        ContainerLog log = drained(lines.getBytes(StandardCharsets.UTF_8));

        assertThat(log.tail()).startsWith("line 21\n").endsWith("line 100\n");
    }

    @Test
    void theTailIsAtMost2048Bytes() throws Exception {
        String longLine = "x".repeat(3000);

        ContainerLog log = drained((longLine + "\nend").getBytes(StandardCharsets.UTF_8));

        assertThat(log.tail()).hasSize(2048).endsWith("x\nend");
    }

    @Test
    void aLongLogIsRotatedAndThePreviousRunKept() throws Exception {
        drained("first run\n".getBytes(StandardCharsets.UTF_8));
        byte[] big = new byte[(int) ContainerLog.MAX_FILE_BYTES + 100];

        ContainerLog log = drained(big);

        assertThat(Files.size(log.file())).isLessThanOrEqualTo(ContainerLog.MAX_FILE_BYTES);
        assertThat(Files.size(log.file().resolveSibling("main.log.1"))
                + Files.size(log.file())).isEqualTo(big.length);
        assertThat(Files.readString(dir.resolve("main.previous.log"))).isEqualTo("first run\n");
    }

    private ContainerLog drained(byte[] output) throws Exception {
        ContainerLog log = ContainerLog.start(dir, "main", new ByteArrayInputStream(output));
        log.awaitDrained(10_000);
        return log;
    }
}
