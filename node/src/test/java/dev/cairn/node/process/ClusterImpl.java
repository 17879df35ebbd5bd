package dev.cairn.node.process;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import java.util.Locale;

/**
 * Which server a cluster scenario runs: real etcd (the reference) or cairn. Every cluster scenario is run for both;
 * {@code -Dcluster.impl=etcd|cairn} restricts a run to one.
 */
enum ClusterImpl {
    ETCD, CAIRN;

    static final String SELECT_PROPERTY = "cluster.impl";

    /** Skips the calling test when this implementation is not selected. */
    void assumeSelected() {
        String selected = System.getProperty(SELECT_PROPERTY, "").trim().toLowerCase(Locale.ROOT);
        assumeTrue(selected.isEmpty() || selected.equals(label()),
                () -> label() + " not selected (-D" + SELECT_PROPERTY + "=" + selected + ")");
    }

    List<String> launcher() {
        return this == ETCD ? ServerPair.etcdLauncher() : ServerPair.cairnLauncher();
    }

    String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
