package dev.cairn.node.config;

import java.time.Duration;

/**
 * Reads a duration setting as etcd does: a Go duration ({@code 500ms}, {@code 5m}) in flags and environment
 * variables; in the YAML file, where etcd decodes the value into a Go time.Duration, also a bare number of
 * nanoseconds.
 */
final class DurationSetting {
    private DurationSetting() {
    }

    static Duration parse(RawSetting setting, boolean fromCommandLine) {
        String text = setting.value().trim();
        if (!fromCommandLine && !text.isEmpty() && text.chars().allMatch(Character::isDigit)) {
            try {
                return Duration.ofNanos(Long.parseLong(text));
            } catch (NumberFormatException e) {
                throw UrlParser.invalid(setting, "out of range");
            }
        }
        return GoDuration.parse(text).orElseThrow(() ->
                UrlParser.invalid(setting, "not a duration (use a value such as 500ms, 30s or 5m)"));
    }
}
