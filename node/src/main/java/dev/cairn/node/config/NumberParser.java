package dev.cairn.node.config;

/** Integer settings, refusing signs where etcd's type is unsigned and naming the setting on failure. */
final class NumberParser {

    private NumberParser() {
    }

    static long unsigned(RawSetting setting, long max) {
        String text = setting.value().trim();
        if (!text.matches("[0-9]+")) {
            throw UrlParser.invalid(setting, "must be a non-negative integer");
        }
        try {
            long value = Long.parseLong(text);
            if (value > max) {
                throw UrlParser.invalid(setting, "must be at most " + max);
            }
            return value;
        } catch (NumberFormatException e) {
            throw UrlParser.invalid(setting, "must be at most " + max);
        }
    }

    static long signed(RawSetting setting) {
        String text = setting.value().trim();
        if (!text.matches("[-+]?[0-9]+")) {
            throw UrlParser.invalid(setting, "must be an integer");
        }
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw UrlParser.invalid(setting, "must be at most " + Long.MAX_VALUE);
        }
    }
}
