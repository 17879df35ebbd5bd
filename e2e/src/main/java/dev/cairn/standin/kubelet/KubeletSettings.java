package dev.cairn.standin.kubelet;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where the kubelet keeps pod directories ({@code workDir}), the hosts file it maintains and hands to every JVM it
 * starts, the kubeconfig every pod gets through {@code KUBECONFIG}, and how images become command lines.
 */
public record KubeletSettings(Path workDir, Path hostsFile, Path kubeconfig, Images images) {

    public KubeletSettings {
        Objects.requireNonNull(workDir, "workDir");
        Objects.requireNonNull(hostsFile, "hostsFile");
        Objects.requireNonNull(kubeconfig, "kubeconfig");
        Objects.requireNonNull(images, "images");
        workDir = workDir.toAbsolutePath();
        hostsFile = hostsFile.toAbsolutePath();
        kubeconfig = kubeconfig.toAbsolutePath();
    }
}
