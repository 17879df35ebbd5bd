package dev.cairn.standin.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.crud.KubernetesCrudDispatcherException;
import java.util.Map;

/**
 * fabric8's CRUD dispatcher with JSON merge patches applied as RFC 7386 and the Kubernetes API server apply them:
 * a list in the patch replaces the stored list (the mock server appends to it, so a status written twice would
 * list its conditions twice), and a null removes the field.
 */
final class MergePatchingDispatcher extends KubernetesCrudDispatcher {

    @Override
    public JsonNode merge(JsonNode current, String requestBody) throws KubernetesCrudDispatcherException {
        return apply(current.deepCopy(), asNode(requestBody));
    }

    static JsonNode apply(JsonNode target, JsonNode patch) {
        if (!patch.isObject()) {
            return patch;
        }
        ObjectNode result = target != null && target.isObject() ? (ObjectNode) target
                : JsonNodeFactory.instance.objectNode();
        for (Map.Entry<String, JsonNode> field : patch.properties()) {
            if (field.getValue().isNull()) {
                result.remove(field.getKey());
            } else {
                result.set(field.getKey(), apply(result.get(field.getKey()), field.getValue()));
            }
        }
        return result;
    }
}
