package dev.cairn.standin.kubelet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ProcessGroupsTest {

    @Test
    void aContainerDoesNotOutliveTheJvmThatStartedIt() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process jvm = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                HoldsAContainer.class.getName()).redirectErrorStream(true).start();
        long containerPid;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(jvm.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line = out.readLine();
            assertThat(line).as("the child JVM's first line").startsWith("pid ");
            containerPid = Long.parseLong(line.substring("pid ".length()));
            ProcessHandle container = ProcessHandle.of(containerPid).orElseThrow();
            List<ProcessHandle> children = await().atMost(Duration.ofSeconds(10))
                    .until(() -> container.children().toList(), list -> !list.isEmpty());

            jvm.destroy();

            assertThat(jvm.waitFor(30, TimeUnit.SECONDS)).isTrue();
            await().atMost(Duration.ofSeconds(10)).until(() -> !container.isAlive()
                    && children.stream().noneMatch(ProcessHandle::isAlive));
        } finally {
            jvm.destroyForcibly();
        }
    }

    @Test
    void terminateEndsTheWholeGroupAfterTheGracePeriod() throws Exception {
        Process process = ProcessGroups.start(List.of("sh", "-c", "trap '' TERM; sleep 300 & wait; sleep 300"),
                Map.of("PATH", System.getenv("PATH")), Path.of("."));
        ProcessHandle shell = process.toHandle();
        List<ProcessHandle> children = await().atMost(Duration.ofSeconds(10))
                .until(() -> shell.children().toList(), list -> !list.isEmpty());

        ProcessGroups.terminate(process, Duration.ofMillis(500));

        assertThat(process.isAlive()).isFalse();
        await().atMost(Duration.ofSeconds(10)).until(() -> children.stream().noneMatch(ProcessHandle::isAlive));
    }

    /** Starts a container (a shell with a child) and waits; its JVM is then terminated by the test. */
    static final class HoldsAContainer {
        public static void main(String[] args) throws Exception {
            Process container = ProcessGroups.start(List.of("sh", "-c", "sleep 300 & wait"),
                    Map.of("PATH", System.getenv("PATH")), Path.of("."));
            System.out.println("pid " + container.pid());
            System.out.flush();
            container.waitFor();
        }
    }
}
