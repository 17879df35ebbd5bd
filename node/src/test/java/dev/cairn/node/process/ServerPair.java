package dev.cairn.node.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Real etcd (the reference) and cairn (the candidate) started side by side as single members with the same etcd
 * flags. {@link #close()} kills both; a shutdown hook does it when the JVM ends before the tests do.
 */
final class ServerPair implements AutoCloseable {
    final ServerProcess reference;
    final ServerProcess candidate;
    private final Thread killOnExit;

    private ServerPair(ServerProcess reference, ServerProcess candidate) {
        this.reference = reference;
        this.candidate = candidate;
        this.killOnExit = new Thread(this::killBoth, "kill-etcd-and-cairn");
        Runtime.getRuntime().addShutdownHook(killOnExit);
    }

    /** A fresh directory under target/ for the servers' data, logs and transcripts; kept for reading after a failure. */
    static Path newWorkDir(String prefix) throws IOException {
        Files.createDirectories(Path.of("target"));
        return Files.createTempDirectory(Path.of("target").toAbsolutePath(), prefix);
    }

    static ServerPair start(Path workDir) {
        return start(workDir, "http", List.of());
    }

    /** Starts both with client URLs in {@code clientScheme} and {@code extraFlags} after the usual flags. */
    static ServerPair start(Path workDir, String clientScheme, List<String> extraFlags) {
        ServerProcess reference = ServerProcess.start("etcd", etcdLauncher(), workDir, clientScheme, extraFlags);
        try {
            return new ServerPair(reference,
                    ServerProcess.start("cairn", cairnLauncher(), workDir, clientScheme, extraFlags));
        } catch (RuntimeException e) {
            reference.close();
            throw e;
        }
    }

    static List<String> etcdLauncher() {
        return List.of(System.getProperty("diff.etcd", "/usr/bin/etcd"));
    }

    /** The built jar run by the JVM that runs the tests, or any launcher given as {@code -Ddiff.cairnCommand}. */
    static List<String> cairnLauncher() {
        String override = System.getProperty("diff.cairnCommand");
        if (override != null && !override.isBlank()) {
            return EtcdctlScript.split(override, 0);
        }
        String jar = System.getProperty("cairn.jar");
        if (jar == null || !Files.isRegularFile(Path.of(jar))) {
            throw new IllegalStateException("cairn jar not found: system property cairn.jar=" + jar
                    + " (build it with mvn package, or set diff.cairnCommand)");
        }
        String java = System.getProperty("diff.java", ProcessHandle.current().info().command()
                .orElseThrow(() -> new IllegalStateException("cannot tell which java runs this test; set diff.java")));
        return new ArrayList<>(List.of(java, "-jar", jar));
    }

    @Override
    public void close() {
        killBoth();
        Runtime.getRuntime().removeShutdownHook(killOnExit);
    }

    private void killBoth() {
        try {
            candidate.close();
        } finally {
            reference.close();
        }
    }
}
