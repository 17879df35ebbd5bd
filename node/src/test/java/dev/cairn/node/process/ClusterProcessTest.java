package dev.cairn.node.process;

import java.nio.file.Path;

import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * Base of the tests that run whole clusters of real processes: each test gets a work directory (kept when it fails)
 * and clusters that are stopped after it, with their members' log tails printed when it fails.
 */
abstract class ClusterProcessTest {
    @RegisterExtension
    final ClusterLifecycle lifecycle = new ClusterLifecycle();

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path workDir;

    /** A cluster of {@code impl} on {@code network}, not started yet; skips the test unless {@code impl} is chosen. */
    ProcessCluster cluster(ClusterImpl impl, ClusterNetwork network, ClusterTiming timing) {
        impl.assumeSelected();
        return lifecycle.track(ProcessCluster.create(impl, network, workDir, timing));
    }

    /** A cluster of {@code impl} on loopback addresses. */
    ProcessCluster loopbackCluster(ClusterImpl impl, ClusterTiming timing) {
        return cluster(impl, new LoopbackNetwork(), timing);
    }
}
