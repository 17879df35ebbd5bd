package dev.cairn.standin.kubelet;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the stand-in knows of an image: its ENTRYPOINT and CMD (used as a container runtime does when the container
 * does not override them) and the image's own programs, each mapped to the host command line that plays it (for
 * example {@code cairn} to {@code java -jar node/target/cairn.jar}). A program not listed is looked up on the host's
 * PATH, so test pods can run {@code sh} or {@code python3}.
 */
public record Image(List<String> entrypoint, List<String> cmd, Map<String, List<String>> programs,
                    Optional<String> workingDir) {

    public Image {
        entrypoint = List.copyOf(entrypoint);
        cmd = List.copyOf(cmd);
        programs = Map.copyOf(programs);
        for (Map.Entry<String, List<String>> program : programs.entrySet()) {
            if (program.getValue().isEmpty()) {
                throw new IllegalArgumentException("image program " + program.getKey() + " maps to an empty command");
            }
        }
    }

    /** An image with no entrypoint whose commands all come from the host (a stand-in for a distribution image). */
    public static Image host() {
        return new Image(List.of(), List.of(), Map.of(), Optional.empty());
    }

    /**
     * The host command line for a container, as Kubernetes combines it with the image: a container {@code command}
     * replaces the ENTRYPOINT and drops the CMD; {@code args} replace the CMD.
     */
    public List<String> commandLine(List<String> command, List<String> args) {
        List<String> entry = command.isEmpty() ? entrypoint : command;
        List<String> arguments = command.isEmpty() && args.isEmpty() ? cmd : args;
        if (entry.isEmpty() && arguments.isEmpty()) {
            throw new IllegalArgumentException("the container has no command and its image no entrypoint");
        }
        List<String> whole = new ArrayList<>(entry);
        whole.addAll(arguments);
        List<String> line = new ArrayList<>();
        line.addAll(programs.getOrDefault(whole.getFirst(), List.of(whole.getFirst())));
        line.addAll(whole.subList(1, whole.size()));
        return List.copyOf(line);
    }
}
