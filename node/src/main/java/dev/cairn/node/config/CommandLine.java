package dev.cairn.node.config;

import java.util.List;
import java.util.Map;

/**
 * The flags given on the command line, by name, the last occurrence of a repeated flag winning as in Go.
 *
 * @param ignoredFlags flags etcd accepts but ignores (kept for old command lines), reported as warnings
 */
record CommandLine(boolean helpRequested, Map<String, RawSetting> settings, List<String> ignoredFlags) {

    boolean isSet(String name) {
        return settings.containsKey(name);
    }
}
