package dev.cairn.node.cli.snapshot;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The arguments of one {@code cairn snapshot} subcommand: positionals, {@code --flag value}, {@code --flag=value}. */
record SnapshotArgs(List<String> positionals, Map<String, String> flags) {

    /**
     * @param valued  flags that take a value
     * @param switches flags that take none (a {@code =true}/{@code =false} suffix is accepted, as Go's flag package does)
     */
    static SnapshotArgs parse(List<String> args, Set<String> valued, Set<String> switches) {
        List<String> positionals = new ArrayList<>();
        Map<String, String> flags = new HashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (!arg.startsWith("-") || arg.equals("-")) {
                positionals.add(arg);
                continue;
            }
            String body = arg.replaceFirst("^--?", "");
            int equals = body.indexOf('=');
            String name = equals < 0 ? body : body.substring(0, equals);
            if (switches.contains(name)) {
                String value = equals < 0 ? "true" : body.substring(equals + 1);
                if (!value.equals("true") && !value.equals("false")) {
                    throw new SnapshotUsageException("invalid value \"" + value + "\" for flag --" + name);
                }
                flags.put(name, value);
            } else if (valued.contains(name)) {
                if (equals >= 0) {
                    flags.put(name, body.substring(equals + 1));
                } else if (i + 1 < args.size()) {
                    flags.put(name, args.get(++i));
                } else {
                    throw new SnapshotUsageException("flag needs an argument: --" + name);
                }
            } else {
                throw new SnapshotUsageException("unknown flag: --" + name);
            }
        }
        return new SnapshotArgs(List.copyOf(positionals), Map.copyOf(flags));
    }

    String flag(String name, String fallback) {
        return flags.getOrDefault(name, fallback);
    }

    Optional<String> optional(String name) {
        return Optional.ofNullable(flags.get(name));
    }

    boolean isSet(String name) {
        return flags.get(name) != null && !flags.get(name).equals("false");
    }

    /** The single positional argument, the snapshot file. */
    String file(String usage) {
        if (positionals.size() != 1) {
            throw new SnapshotUsageException("snapshot " + usage + " expects one argument");
        }
        return positionals.get(0);
    }
}
