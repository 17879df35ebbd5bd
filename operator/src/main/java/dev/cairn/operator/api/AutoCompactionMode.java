package dev.cairn.operator.api;

import com.fasterxml.jackson.annotation.JsonProperty;

/** etcd's --auto-compaction-mode values. */
public enum AutoCompactionMode {
    @JsonProperty("periodic")
    PERIODIC,
    @JsonProperty("revision")
    REVISION;

    /** The value etcd's flag takes. */
    public String flagValue() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
