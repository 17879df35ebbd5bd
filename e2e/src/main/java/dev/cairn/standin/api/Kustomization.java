package dev.cairn.standin.api;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The part of kustomize {@code kubectl apply -k} needs here: a kustomization.yaml's {@code resources}, files or
 * directories with their own kustomization, in order. Any transformation (patches, prefixes, generators...) is
 * refused by name rather than silently skipped.
 */
public final class Kustomization {

    private static final Set<String> UNDERSTOOD = Set.of("apiVersion", "kind", "resources");

    private Kustomization() {
    }

    /** The manifest files of the kustomization in {@code dir}, in the order kustomize emits them. */
    public static List<Path> files(Path dir) {
        List<Path> files = new ArrayList<>();
        collect(dir.toAbsolutePath().normalize(), files);
        return files;
    }

    private static void collect(Path dir, List<Path> files) {
        Path file = dir.resolve("kustomization.yaml");
        Map<?, ?> kustomization;
        try {
            kustomization = new KubernetesSerialization().unmarshal(Files.readString(file), Map.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        for (Object field : kustomization.keySet()) {
            if (!UNDERSTOOD.contains(String.valueOf(field))) {
                throw new IllegalArgumentException(file + ": kustomize field '" + field
                        + "' is not supported by the stand-in (only resources)");
            }
        }
        Object resources = kustomization.get("resources");
        if (!(resources instanceof List<?> entries)) {
            throw new IllegalArgumentException(file + ": 'resources' must list files or directories");
        }
        for (Object entry : entries) {
            Path resource = dir.resolve(String.valueOf(entry)).normalize();
            if (Files.isDirectory(resource)) {
                collect(resource, files);
            } else if (Files.isRegularFile(resource)) {
                files.add(resource);
            } else {
                throw new IllegalArgumentException(file + ": resource " + entry + " does not exist");
            }
        }
    }
}
