package dev.cairn.node.config;

import java.util.List;

/**
 * What the command line asked for: the help text, the version, or to run a member with {@link #config()}.
 *
 * @param unsupportedSettingsUsed settings etcd knows but cairn does not implement yet that were given a value
 *                                other than etcd's default, each as the user wrote it ({@code --cert-file},
 *                                {@code ETCD_AUTO_COMPACTION_RETENTION}, {@code client-transport-security.cert-file
 *                                in /etc/etcd/etcd.conf.yml}); the entry point refuses to start when non-empty
 * @param warnings                lines to log at warn level (unknown ETCD_ variables, shadowed variables, ...)
 */
public record ParsedCommandLine(Action action, NodeConfig config, List<String> unsupportedSettingsUsed,
                                List<String> warnings) {

    public enum Action { HELP, VERSION, RUN }

    public ParsedCommandLine {
        unsupportedSettingsUsed = List.copyOf(unsupportedSettingsUsed);
        warnings = List.copyOf(warnings);
    }

    static ParsedCommandLine help() {
        return new ParsedCommandLine(Action.HELP, null, List.of(), List.of());
    }

    static ParsedCommandLine version(List<String> warnings) {
        return new ParsedCommandLine(Action.VERSION, null, List.of(), warnings);
    }

    public boolean helpRequested() {
        return action == Action.HELP;
    }

    public boolean versionRequested() {
        return action == Action.VERSION;
    }

    /** One line per unsupported setting used: {@code cairn: --cert-file is not supported by this version of cairn yet}. */
    public List<String> refusals() {
        return unsupportedSettingsUsed.stream()
                .map(setting -> "cairn: " + setting + " is not supported by this version of cairn yet")
                .toList();
    }
}
