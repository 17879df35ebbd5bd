package dev.cairn.node.api.http;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An endpoint's answer, for whichever server sends it.
 *
 * @param contentType null for an answer without a body
 * @param headers     further headers, by name
 */
public record EndpointResponse(int status, String contentType, String body, Map<String, String> headers) {
    public EndpointResponse {
        headers = Map.copyOf(headers);
    }

    static EndpointResponse of(int status, String contentType, String body) {
        return new EndpointResponse(status, contentType, body, Map.of());
    }

    EndpointResponse withHeaders(Map<String, String> more) {
        Map<String, String> all = new LinkedHashMap<>(headers);
        all.putAll(more);
        return new EndpointResponse(status, contentType, body, all);
    }
}
