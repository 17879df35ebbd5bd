package dev.cairn.node.config;

import java.util.Locale;
import java.util.Set;

/**
 * One setting etcd knows, by its flag name (without dashes).
 *
 * @param supported     whether cairn implements it in this version
 * @param neutralValues values equal to etcd's default: giving one of them for an unsupported setting changes
 *                      nothing, so it is not counted as "used" (etcd's sample config file lists every key with
 *                      its default, and users copy it whole)
 */
record SettingSpec(String name, SettingType type, boolean supported, Set<String> neutralValues) {

    String flag() {
        return "--" + name;
    }

    String environmentVariable() {
        return "ETCD_" + name.toUpperCase(Locale.ROOT).replace('-', '_');
    }

    boolean isBoolean() {
        return type == SettingType.BOOL;
    }

    /** True when giving {@code value} asks for something cairn cannot do yet. */
    boolean usedWith(String value) {
        if (supported) {
            return false;
        }
        String normalized = value.trim();
        if (type == SettingType.BOOL) {
            normalized = GoValues.parseBoolean(normalized).map(String::valueOf).orElse(normalized);
        }
        return !normalized.isEmpty() && !neutralValues.contains(normalized);
    }
}
