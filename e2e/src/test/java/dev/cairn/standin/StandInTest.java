package dev.cairn.standin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cairn.standin.api.Manifests;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The composed stand-in with real processes: the operator's Deployment runs, leads, creates the members of the
 * sample cluster, and closing the stand-in leaves no process.
 */
class StandInTest {

    private static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    @Test
    void runsTheOperatorWhichCreatesTheSampleClustersMembersAndStopsEveryProcessOnClose() {
        StandInSettings settings = new StandInSettings(REPOSITORY, dir, 0, Path.of(System.getProperty("java.home")));
        assertThat(settings.nodeJar()).as("build first (bin/build)").isRegularFile();
        assertThat(settings.operatorJar()).as("build first (bin/build)").isRegularFile();
        List<ProcessHandle> before = ProcessHandle.current().descendants().toList();

        try (StandIn standIn = StandIn.start(settings)) {
            assertThat(settings.kubeconfig()).isRegularFile();
            standIn.installOperator();

            List<Pod> operators = await().atMost(Duration.ofSeconds(60)).until(
                    () -> standIn.client().pods().inNamespace("cairn-system").list().getItems(),
                    pods -> pods.size() == 2 && pods.stream().allMatch(pod -> standIn.kubelet()
                            .pid("cairn-system", pod.getMetadata().getName()).isPresent()));
            long pid = standIn.kubelet().pid("cairn-system", operators.getFirst().getMetadata().getName())
                    .orElseThrow();
            assertThat(ProcessHandle.of(pid)).as("the operator pod's process").hasValueSatisfying(process ->
                    assertThat(process.isAlive()).isTrue());
            assertThat(standIn.client().apps().deployments().inNamespace("cairn-system").withName("cairn-operator")
                    .get()).isNotNull();

            // The operator, unchanged, elects a leader through its Lease and turns the sample into members.
            Manifests.apply(standIn.client(), REPOSITORY.resolve("manifests/samples/etcdcluster.yaml"));
            await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
                Lease lease = standIn.client().leases().inNamespace("cairn-system").withName("cairn-operator").get();
                assertThat(lease).isNotNull();
                assertThat(lease.getSpec().getHolderIdentity()).isNotBlank();
                assertThat(standIn.client().pods().inNamespace("default").withLabel("app.kubernetes.io/instance", "demo")
                        .list().getItems()).extracting(pod -> pod.getMetadata().getName())
                        .containsExactlyInAnyOrder("demo-0", "demo-1", "demo-2");
                assertThat(standIn.client().persistentVolumeClaims().inNamespace("default").list().getItems())
                        .extracting(claim -> claim.getMetadata().getName() + " " + claim.getStatus().getPhase())
                        .containsExactlyInAnyOrder("data-demo-0 Bound", "data-demo-1 Bound", "data-demo-2 Bound");
            });
        }

        // Close has sent SIGKILL to whatever remained; the deadline only covers the kernel tearing a process down.
        await("no process left after close").atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(ProcessHandle.current().descendants().filter(ProcessHandle::isAlive)
                        .filter(process -> !before.contains(process))
                        .map(process -> process.pid() + " " + process.info().commandLine().orElse("(unknown)")))
                        .as("processes left after close").isEmpty());
    }
}
