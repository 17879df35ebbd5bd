package dev.cairn.standin.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.crud.KubernetesCrudDispatcherException;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.net.HttpURLConnection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * fabric8's CRUD dispatcher with two behaviours of the Kubernetes API server it lacks:
 * <ul>
 *   <li>JSON merge patches are applied as RFC 7386 says: a list in the patch replaces the stored list (the mock
 *       server appends to it, so a status written twice would list its conditions twice), a null removes the
 *       field;</li>
 *   <li>custom resources get their CRD schema's defaults on create, update and merge patch, so a resource written
 *       with fields left out reads back as it would from a real cluster;</li>
 *   <li>self-subject access and rules reviews are answered (not stored), as the authorizer would for a subject
 *       allowed everything: the stand-in stores RBAC objects but enforces none, and says so when asked.</li>
 * </ul>
 */
final class ApiServerDispatcher extends KubernetesCrudDispatcher {

    private static final String CRD_PATH = "/apis/apiextensions.k8s.io/v1/customresourcedefinitions";
    private static final String REVIEWS_PATH = "/apis/authorization.k8s.io/v1/";
    private static final String NOT_ENFORCED = "the stand-in stores RBAC objects but does not enforce them";

    /** openAPIV3Schema by {@code group/version/Kind}, from the CRDs created or updated through this server. */
    private final Map<String, JsonNode> schemas = new ConcurrentHashMap<>();

    @Override
    public MockResponse handleCreate(RecordedRequest request) {
        String path = request.getPath();
        if (path.startsWith(REVIEWS_PATH + "selfsubjectrulesreviews")) {
            return review(request, "{\"resourceRules\":[{\"verbs\":[\"*\"],\"apiGroups\":[\"*\"],\"resources\":[\"*\"]}],"
                    + "\"nonResourceRules\":[{\"verbs\":[\"*\"],\"nonResourceURLs\":[\"*\"]}],\"incomplete\":false}");
        }
        if (path.startsWith(REVIEWS_PATH + "selfsubjectaccessreviews")) {
            return review(request, "{\"allowed\":true,\"reason\":\"" + NOT_ENFORCED + "\"}");
        }
        return super.handleCreate(withDefaults(request));
    }

    /** The review as posted, with the authorizer's answer as its status. */
    private MockResponse review(RecordedRequest request, String status) {
        try {
            ObjectNode review = (ObjectNode) asNode(request.getUtf8Body());
            review.set("status", asNode(status));
            return new MockResponse().setResponseCode(HttpURLConnection.HTTP_CREATED).setBody(review.toString());
        } catch (KubernetesCrudDispatcherException | ClassCastException e) {
            return new MockResponse().setResponseCode(HttpURLConnection.HTTP_BAD_REQUEST)
                    .setBody("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"code\":400,"
                            + "\"message\":\"the review is not a JSON object\"}");
        }
    }

    @Override
    public MockResponse handleUpdate(RecordedRequest request) {
        return super.handleUpdate(withDefaults(request));
    }

    @Override
    public JsonNode merge(JsonNode current, String requestBody) throws KubernetesCrudDispatcherException {
        JsonNode merged = mergePatch(current.deepCopy(), asNode(requestBody));
        applyDefaults(merged);
        return merged;
    }

    static JsonNode mergePatch(JsonNode target, JsonNode patch) {
        if (!patch.isObject()) {
            return patch;
        }
        ObjectNode result = target != null && target.isObject() ? (ObjectNode) target
                : JsonNodeFactory.instance.objectNode();
        for (Map.Entry<String, JsonNode> field : patch.properties()) {
            if (field.getValue().isNull()) {
                result.remove(field.getKey());
            } else {
                result.set(field.getKey(), mergePatch(result.get(field.getKey()), field.getValue()));
            }
        }
        return result;
    }

    /** The request with defaults filled in its body; a CRD in the body is remembered for its schemas. */
    private RecordedRequest withDefaults(RecordedRequest request) {
        String body = request.getUtf8Body();
        JsonNode object;
        try {
            object = asNode(body);
        } catch (KubernetesCrudDispatcherException | RuntimeException e) {
            return copy(request, body); // not JSON: the CRUD dispatcher answers it as it does
        }
        if (request.getPath().startsWith(CRD_PATH)) {
            remember(object);
        } else {
            applyDefaults(object);
        }
        return copy(request, object.toString());
    }

    private void remember(JsonNode definition) {
        JsonNode spec = definition.path("spec");
        String group = spec.path("group").asText();
        String kind = spec.path("names").path("kind").asText();
        for (JsonNode version : spec.path("versions")) {
            JsonNode schema = version.path("schema").path("openAPIV3Schema");
            if (schema.isObject()) {
                schemas.put(group + "/" + version.path("name").asText() + "/" + kind, schema);
            }
        }
    }

    private void applyDefaults(JsonNode object) {
        JsonNode schema = schemas.get(object.path("apiVersion").asText() + "/" + object.path("kind").asText());
        if (schema != null) {
            SchemaDefaults.apply(object, schema);
        }
    }

    private static RecordedRequest copy(RecordedRequest request, String body) {
        return new RecordedRequest(request.getHttpVersion(), request.method(), request.getPath(), request.getHeaders(),
                body == null ? null : new Buffer().writeUtf8(body));
    }
}
