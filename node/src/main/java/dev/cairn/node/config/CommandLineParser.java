package dev.cairn.node.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses arguments the way Go's flag package does for etcd: one or two leading dashes, the value either attached
 * with '=' or as the next argument, booleans true when given alone and only taking an attached value. Parsing
 * stops at "--" or at the first argument that is not a flag; etcd then refuses that argument, and so do we.
 */
final class CommandLineParser {

    private CommandLineParser() {
    }

    static CommandLine parse(List<String> args) {
        Map<String, RawSetting> settings = new LinkedHashMap<>();
        List<String> ignored = new ArrayList<>();
        int index = 0;
        while (index < args.size()) {
            String argument = args.get(index);
            if (argument.equals("--")) {
                index++;
                break;
            }
            if (argument.length() < 2 || argument.charAt(0) != '-') {
                break;
            }
            index++;
            String body = argument.charAt(1) == '-' ? argument.substring(2) : argument.substring(1);
            if (body.isEmpty() || body.charAt(0) == '-' || body.charAt(0) == '=') {
                throw new ConfigException("bad flag syntax: " + argument);
            }
            int equals = body.indexOf('=');
            String name = equals < 0 ? body : body.substring(0, equals);
            String attachedValue = equals < 0 ? null : body.substring(equals + 1);
            if (name.equals("h") || name.equals("help")) {
                return new CommandLine(true, Map.of(), List.of());
            }
            if (EtcdSettings.isIgnored(name)) {
                // etcd declares these as boolean-like: a value can only be attached, never the next argument.
                ignored.add("--" + name);
                continue;
            }
            SettingSpec spec = EtcdSettings.find(name)
                    .orElseThrow(() -> new ConfigException("unknown flag --" + name));
            String value;
            if (spec.isBoolean()) {
                value = attachedValue == null ? "true" : attachedValue;
                if (GoValues.parseBoolean(value).isEmpty()) {
                    throw new ConfigException("invalid boolean value \"" + value + "\" for " + spec.flag());
                }
            } else if (attachedValue != null) {
                value = attachedValue;
            } else if (index < args.size()) {
                value = args.get(index++);
            } else {
                throw new ConfigException("flag needs an argument: " + spec.flag());
            }
            settings.put(name, new RawSetting(name, value, spec.flag()));
        }
        if (index < args.size()) {
            throw new ConfigException("'" + args.get(index) + "' is not a valid flag");
        }
        return new CommandLine(false, settings, ignored);
    }
}
