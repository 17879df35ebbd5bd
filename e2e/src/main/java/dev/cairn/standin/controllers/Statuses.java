package dev.cairn.standin.controllers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/** Status comparison as the API stores it: by JSON, where an empty list and a missing one are the same. */
final class Statuses {

    private static final KubernetesSerialization JSON = new KubernetesSerialization();

    private Statuses() {
    }

    /** Whether writing {@code wanted} over {@code stored} would change nothing (a write would wake the watchers). */
    static boolean same(Object wanted, Object stored) {
        return tree(wanted).equals(tree(stored));
    }

    private static JsonNode tree(Object status) {
        return status == null ? JsonNodeFactory.instance.objectNode() : JSON.convertValue(status, JsonNode.class);
    }
}
