package dev.cairn.operator.app;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Which server the members run: real etcd 3.4 (the reference) or cairn from the node module's jar. As in the node's
 * process tests, {@code -Dcluster.impl=etcd|cairn} restricts a run to one.
 */
enum MemberServer {
    ETCD, CAIRN;

    private static final String SELECT_PROPERTY = "cluster.impl";

    void assumeSelected() {
        String selected = System.getProperty(SELECT_PROPERTY, "").trim().toLowerCase(Locale.ROOT);
        assumeTrue(selected.isEmpty() || selected.equals(label()),
                () -> label() + " not selected (-D" + SELECT_PROPERTY + "=" + selected + ")");
    }

    List<String> launcher() {
        if (this == ETCD) {
            return List.of(System.getProperty("etcd.binary", "/usr/bin/etcd"));
        }
        String jar = System.getProperty("cairn.jar");
        if (jar == null || !Files.isRegularFile(Path.of(jar))) {
            throw new IllegalStateException("cairn jar not found: system property cairn.jar=" + jar
                    + " (build it with mvn -pl node package)");
        }
        String java = ProcessHandle.current().info().command()
                .orElseThrow(() -> new IllegalStateException("cannot tell which java runs this test"));
        return List.of(java, "-jar", jar);
    }

    String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
