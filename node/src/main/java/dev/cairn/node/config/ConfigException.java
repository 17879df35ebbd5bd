package dev.cairn.node.config;

import java.io.Serial;

/** A configuration the node cannot start with; the message is the single line to print, "cairn: ...". */
public final class ConfigException extends RuntimeException {

    @Serial
    private static final long serialVersionUID = 1L;

    public ConfigException(String problem) {
        super("cairn: " + problem);
    }
}
