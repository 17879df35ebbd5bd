package dev.cairn.node.process;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import java.util.Locale;

/**
 * Which server a cluster scenario runs: real etcd (the reference) or cairn. Every cluster scenario is run for both;
 * {@code -Dcluster.impl=etcd|cairn} restricts a run to one, and cairn is skipped unless
 * {@code -Dcairn.multiMember=true} says it can form multi-member clusters.
 */
enum ClusterImpl {
    ETCD, CAIRN;

    static final String SELECT_PROPERTY = "cluster.impl";
    static final String CAIRN_READY_PROPERTY = "cairn.multiMember";

    /** Skips the calling test when this implementation is not selected or cannot run clusters yet. */
    void assumeSelected() {
        String selected = System.getProperty(SELECT_PROPERTY, "").trim().toLowerCase(Locale.ROOT);
        assumeTrue(selected.isEmpty() || selected.equals(label()),
                () -> label() + " not selected (-D" + SELECT_PROPERTY + "=" + selected + ")");
        if (this == CAIRN) {
            assumeTrue(Boolean.getBoolean(CAIRN_READY_PROPERTY),
                    () -> "cairn multi-member clusters not enabled (-D" + CAIRN_READY_PROPERTY + "=true)");
        }
    }

    List<String> launcher() {
        return this == ETCD ? ServerPair.etcdLauncher() : ServerPair.cairnLauncher();
    }

    String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
