package dev.cairn.standin.controllers;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import java.util.List;
import java.util.Optional;

/** Owner references as Kubernetes controllers write and read them. */
final class Owners {

    private Owners() {
    }

    /** The reference a controller puts on the objects it creates for {@code owner}. */
    static OwnerReference controllerReference(HasMetadata owner) {
        return reference(owner, true);
    }

    /** A plain (non-controller) owner reference, e.g. a claim kept only as long as its pod. */
    static OwnerReference reference(HasMetadata owner, boolean controller) {
        return new OwnerReferenceBuilder()
                .withApiVersion(owner.getApiVersion())
                .withKind(owner.getKind())
                .withName(owner.getMetadata().getName())
                .withUid(owner.getMetadata().getUid())
                .withController(controller ? Boolean.TRUE : null)
                .withBlockOwnerDeletion(true)
                .build();
    }

    /** The controller reference of {@code object} if it is of {@code kind}. */
    static Optional<OwnerReference> controllerOf(HasMetadata object, String kind) {
        return references(object).stream()
                .filter(reference -> Boolean.TRUE.equals(reference.getController()) && kind.equals(reference.getKind()))
                .findFirst();
    }

    static boolean isControlledBy(HasMetadata object, HasMetadata owner) {
        return references(object).stream().anyMatch(reference -> Boolean.TRUE.equals(reference.getController())
                && owner.getMetadata().getUid().equals(reference.getUid()));
    }

    static boolean hasOwner(HasMetadata object, String uid) {
        return references(object).stream().anyMatch(reference -> uid.equals(reference.getUid()));
    }

    static List<OwnerReference> references(HasMetadata object) {
        List<OwnerReference> references = object.getMetadata().getOwnerReferences();
        return references == null ? List.of() : references;
    }
}
