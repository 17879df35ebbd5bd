package dev.cairn.standin.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;

/**
 * Defaulting from a CRD's structural schema, as the API server applies it to custom resources: a property missing
 * from an object gets the schema's {@code default}, recursively (also inside the defaults just set), through
 * {@code properties}, array {@code items} and map {@code additionalProperties}.
 */
final class SchemaDefaults {

    private SchemaDefaults() {
    }

    static void apply(JsonNode value, JsonNode schema) {
        if (value == null || schema == null || !schema.isObject()) {
            return;
        }
        if (value.isObject()) {
            ObjectNode object = (ObjectNode) value;
            JsonNode properties = schema.path("properties");
            for (Iterator<Map.Entry<String, JsonNode>> it = properties.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> property = it.next();
                JsonNode defaultValue = property.getValue().get("default");
                if (!object.has(property.getKey()) && defaultValue != null) {
                    object.set(property.getKey(), defaultValue.deepCopy());
                }
                apply(object.get(property.getKey()), property.getValue());
            }
            JsonNode additional = schema.get("additionalProperties");
            if (additional != null && additional.isObject()) {
                for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext();) {
                    Map.Entry<String, JsonNode> entry = it.next();
                    if (!properties.has(entry.getKey())) {
                        apply(entry.getValue(), additional);
                    }
                }
            }
        } else if (value.isArray()) {
            JsonNode items = schema.get("items");
            value.forEach(element -> apply(element, items));
        }
    }
}
