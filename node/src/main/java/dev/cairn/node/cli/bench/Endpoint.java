package dev.cairn.node.cli.bench;

/** One client endpoint, written as {@code host:port} or {@code http://host:port} like etcd's tools accept. */
public record Endpoint(String host, int port) {

    public static Endpoint parse(String text) {
        String rest = text.strip();
        if (rest.startsWith("https://")) {
            throw new BenchUsageException("TLS endpoints are not supported by cairn bench: " + text);
        }
        if (rest.startsWith("http://")) {
            rest = rest.substring("http://".length());
        }
        if (rest.endsWith("/")) {
            rest = rest.substring(0, rest.length() - 1);
        }
        int colon = rest.lastIndexOf(':');
        if (colon <= 0 || colon == rest.length() - 1) {
            throw new BenchUsageException("endpoint must be host:port or http://host:port, got: " + text);
        }
        String host = rest.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(rest.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new BenchUsageException("endpoint port is not a number: " + text);
        }
        if (port < 1 || port > 65535) {
            throw new BenchUsageException("endpoint port out of range: " + text);
        }
        return new Endpoint(host, port);
    }

    @Override
    public String toString() {
        return host.contains(":") ? "[" + host + "]:" + port : host + ":" + port;
    }
}
