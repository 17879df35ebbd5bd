package dev.cairn.standin.kubelet;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.VolumeMount;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a container spec into what a process needs: the host command line (image entrypoint and programs,
 * command/args override, {@code $(VAR)} expansion, mount paths rewritten), the environment (the container's,
 * mount paths rewritten, plus PATH, HOME, HOSTNAME, KUBECONFIG and the JVM's DNS options in JAVA_TOOL_OPTIONS),
 * the working directory and the host file behind {@code terminationMessagePath}.
 */
final class ContainerSetup {

    static final String DEFAULT_TERMINATION_MESSAGE_PATH = "/dev/termination-log";

    record Launch(List<String> commandLine, Map<String, String> environment, Path workingDir,
                  Path terminationMessageFile, PathMapping paths, Image image) {

        /** A command run inside the container (exec probes): same environment, paths and programs. */
        List<String> commandLineOf(List<String> command) {
            return image.commandLine(paths.rewrite(command.stream()
                    .map(part -> VarExpansion.expand(part, environment)).toList()), List.of());
        }
    }

    private final KubeletSettings settings;
    private final ContainerEnv env;

    ContainerSetup(KubeletSettings settings, ContainerEnv env) {
        this.settings = settings;
        this.env = env;
    }

    Launch prepare(PodDirs dirs, Pod pod, Container container, String podIp, Map<String, Path> volumes)
            throws ContainerConfigException, IOException {
        Image image = settings.images().resolve(container.getImage() == null ? "" : container.getImage())
                .orElseThrow(() -> new ContainerConfigException("ErrImagePull",
                        "the stand-in has no build for image " + container.getImage()));
        Path terminationFile = dirs.container(container.getName()).resolve("termination-log");
        Files.createDirectories(terminationFile.getParent());
        Files.deleteIfExists(terminationFile);
        PathMapping paths = new PathMapping(mounts(container, volumes, terminationFile));

        Map<String, String> containerEnv = env.resolve(pod, container, podIp, Kubelet.NODE_NAME);
        List<String> command = expand(container.getCommand(), containerEnv);
        List<String> args = expand(container.getArgs(), containerEnv);
        List<String> commandLine;
        try {
            commandLine = image.commandLine(paths.rewrite(command), paths.rewrite(args));
        } catch (IllegalArgumentException e) {
            throw new ContainerConfigException("CreateContainerError", e.getMessage());
        }

        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("PATH", System.getenv().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin"));
        environment.put("HOME", dirs.root().toString());
        environment.put("HOSTNAME", hostname(pod));
        environment.put("KUBECONFIG", settings.kubeconfig().toString());
        containerEnv.forEach((name, value) -> environment.put(name, paths.rewrite(value)));
        String dnsOptions = "-Djdk.net.hosts.file=" + settings.hostsFile()
                + " -Dsun.net.inetaddr.ttl=0 -Dsun.net.inetaddr.negative.ttl=0";
        environment.merge("JAVA_TOOL_OPTIONS", dnsOptions, (own, dns) -> dns + " " + own);

        return new Launch(commandLine, environment, workingDir(dirs, container, image, paths), terminationFile,
                paths, image);
    }

    private static Map<String, Path> mounts(Container container, Map<String, Path> volumes, Path terminationFile)
            throws ContainerConfigException {
        Map<String, Path> mounts = new LinkedHashMap<>();
        if (container.getVolumeMounts() != null) {
            for (VolumeMount mount : container.getVolumeMounts()) {
                Path volume = volumes.get(mount.getName());
                if (volume == null) {
                    throw new ContainerConfigException("CreateContainerConfigError",
                            "volumeMount " + mount.getName() + " names no volume of the pod");
                }
                String subPath = mount.getSubPath();
                boolean whole = subPath == null || subPath.isEmpty();
                mounts.put(mount.getMountPath(), whole ? volume : volume.resolve(subPath));
            }
        }
        String terminationPath = container.getTerminationMessagePath() == null
                ? DEFAULT_TERMINATION_MESSAGE_PATH : container.getTerminationMessagePath();
        mounts.put(terminationPath, terminationFile);
        return mounts;
    }

    /** The container's (or image's) working directory: mapped when under a mount, else below the pod's root. */
    private static Path workingDir(PodDirs dirs, Container container, Image image, PathMapping paths)
            throws IOException {
        String wanted = container.getWorkingDir() != null && !container.getWorkingDir().isEmpty()
                ? container.getWorkingDir() : image.workingDir().orElse(null);
        Path dir = wanted == null ? dirs.root()
                : paths.hostPath(wanted).orElse(dirs.root().resolve(wanted.replaceFirst("^/+", "")));
        Files.createDirectories(dir);
        return dir;
    }

    private static List<String> expand(List<String> values, Map<String, String> variables) {
        return values == null ? List.of() : values.stream().map(v -> VarExpansion.expand(v, variables)).toList();
    }

    static String hostname(Pod pod) {
        String hostname = pod.getSpec().getHostname();
        return hostname == null || hostname.isEmpty() ? pod.getMetadata().getName() : hostname;
    }
}
