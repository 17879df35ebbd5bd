package dev.cairn.standin;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the stand-in finds the repository (CRDs, manifests, built jars) and keeps its state: the kubeconfig, the
 * cluster DNS hosts file, and one directory per pod and per claim.
 */
public record StandInSettings(Path repository, Path workDir, int apiPort, Path javaHome) {

    public StandInSettings {
        repository = repository.toAbsolutePath().normalize();
        workDir = workDir.toAbsolutePath().normalize();
        javaHome = javaHome.toAbsolutePath().normalize();
        if (apiPort < 0 || apiPort > 65535) {
            throw new IllegalArgumentException("API port must be 0 (any free port) to 65535, got " + apiPort);
        }
    }

    public Path nodeJar() {
        return repository.resolve("node/target/cairn.jar");
    }

    public Path operatorJar() {
        return repository.resolve("operator/app/target/cairn-operator.jar");
    }

    public Path crds() {
        return repository.resolve("crds");
    }

    public Path manifests() {
        return repository.resolve("manifests");
    }

    public Path kubeconfig() {
        return workDir.resolve("kubeconfig");
    }

    public Path hostsFile() {
        return workDir.resolve("hosts");
    }

    public Path kubeletDir() {
        return workDir.resolve("kubelet");
    }

    /** Refuses to start without the built jars the pods run, naming the command that builds them. */
    void requireBuilt() {
        for (Path jar : new Path[] {nodeJar(), operatorJar()}) {
            if (!Files.isRegularFile(jar)) {
                throw new IllegalStateException(jar + " is missing: build it first (bin/build, or bin/standin which "
                        + "builds what is needed)");
            }
        }
    }
}
