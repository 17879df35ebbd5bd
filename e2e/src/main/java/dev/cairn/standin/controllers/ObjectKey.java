package dev.cairn.standin.controllers;

import io.fabric8.kubernetes.api.model.HasMetadata;

/** Names one namespaced object of the kind a controller works on. */
record ObjectKey(String namespace, String name) {

    static ObjectKey of(HasMetadata object) {
        return new ObjectKey(object.getMetadata().getNamespace(), object.getMetadata().getName());
    }

    @Override
    public String toString() {
        return namespace + "/" + name;
    }
}
