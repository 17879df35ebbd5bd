package dev.cairn.standin.api;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code kubectl apply -f} for the stand-in: each object of a (multi-document) YAML or JSON file is created, or
 * replaced when it exists. Client-side replace rather than server-side apply, which the mock server lacks: fields
 * another writer set on an existing object are overwritten, not merged.
 */
public final class Manifests {

    private Manifests() {
    }

    public static List<HasMetadata> apply(KubernetesClient client, Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no manifest file " + file);
        }
        List<HasMetadata> objects;
        try (InputStream in = Files.newInputStream(file)) {
            objects = client.load(in).items();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        } catch (RuntimeException e) { // the YAML parser's and the client's own exceptions alike
            throw new IllegalArgumentException(file + " is not a Kubernetes manifest: " + e.getMessage(), e);
        }
        List<HasMetadata> applied = new ArrayList<>();
        for (HasMetadata object : objects) {
            if (object == null) {
                continue; // an empty YAML document
            }
            applied.add(client.resource(object).createOr(NonDeletingOperation::update));
        }
        return applied;
    }
}
