package dev.cairn.node.api.http;

/**
 * An HTTP request as the endpoints see it, whichever server received it.
 *
 * @param path     the request's path, still percent-encoded
 * @param rawQuery the query string without the {@code ?}, still percent-encoded; null when there is none
 */
public record EndpointRequest(String method, String path, String rawQuery) {
}
