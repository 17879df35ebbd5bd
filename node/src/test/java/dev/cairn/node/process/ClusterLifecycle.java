package dev.cairn.node.process;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Register with {@code @RegisterExtension}: keeps the clusters a test makes, prints their members' log tails when
 * the test fails, and always stops them (and what else was registered) after the test.
 */
final class ClusterLifecycle implements AfterEachCallback {
    private final List<ProcessCluster> clusters = new ArrayList<>();
    private final List<AutoCloseable> others = new ArrayList<>();

    ProcessCluster track(ProcessCluster cluster) {
        clusters.add(cluster);
        return cluster;
    }

    /** Closed after the test, before the clusters (such as a writer that uses them). */
    <T extends AutoCloseable> T closeAfter(T resource) {
        others.add(resource);
        return resource;
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        try {
            for (AutoCloseable resource : others.reversed()) {
                resource.close();
            }
        } finally {
            others.clear();
            if (context.getExecutionException().isPresent()) {
                clusters.forEach(cluster -> System.err.println(
                        "===== logs of " + context.getDisplayName() + " =====\n" + cluster.logs()));
            }
            clusters.forEach(ProcessCluster::close);
            clusters.clear();
        }
    }
}
