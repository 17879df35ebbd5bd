package dev.cairn.node.config;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads etcd's settings from {@code ETCD_*} environment variables (upper case, dashes as underscores) and merges
 * them under the command line: a flag given on the command line wins over its variable. Empty variables count as
 * unset, as in etcd.
 */
final class EnvironmentReader {

    private EnvironmentReader() {
    }

    static Map<String, RawSetting> mergeUnder(CommandLine commandLine, Map<String, String> environment,
                                              List<String> warnings) {
        Map<String, SettingSpec> byVariable = new HashMap<>();
        for (SettingSpec spec : EtcdSettings.all()) {
            byVariable.put(spec.environmentVariable(), spec);
        }
        Map<String, RawSetting> merged = new LinkedHashMap<>();
        // Sorted so that warnings come out in a stable order.
        for (Map.Entry<String, String> variable : new TreeMap<>(environment).entrySet()) {
            String key = variable.getKey();
            String value = variable.getValue();
            if (!key.startsWith("ETCD_") || value == null || value.isEmpty()) {
                continue;
            }
            SettingSpec spec = byVariable.get(key);
            if (spec == null) {
                if (!EtcdSettings.isOtherEnvironmentVariable(key)) {
                    warnings.add("unrecognized environment variable " + key + "=" + value);
                }
                continue;
            }
            // config-file is resolved before this merge; version is an action, not a setting.
            if (spec.name().equals(EtcdSettings.CONFIG_FILE) || spec.name().equals(EtcdSettings.VERSION)) {
                continue;
            }
            if (commandLine.isSet(spec.name())) {
                warnings.add("environment variable " + key + " is shadowed by " + spec.flag()
                        + " given on the command line; using the flag");
                continue;
            }
            if (spec.isBoolean() && GoValues.parseBoolean(value).isEmpty()) {
                throw new ConfigException("invalid boolean value \"" + value + "\" for " + key);
            }
            merged.put(spec.name(), new RawSetting(spec.name(), value, key));
        }
        merged.putAll(commandLine.settings());
        return merged;
    }
}
