package dev.cairn.standin.kubelet;

import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Stands in for a container's mount namespace: a process here sees the host file system, so every container path
 * under a mountPath is rewritten to the host directory behind it wherever it appears in an argument or an
 * environment value. A mount path matches where a path can start (the beginning of the value, or after
 * {@code = , : ;} or whitespace or a quote) and ends (the end, {@code /}, or one of those separators); the longest
 * mount path wins, so {@code /etc/tls/server} is not read as {@code /etc/tls} plus {@code /server}. Paths a
 * program computes itself (not given in args or env) are not mapped: that is the simulation's limit.
 */
final class PathMapping {

    private static final String SEPARATORS = "=,:;\\s\"'";

    private final Map<String, Path> mounts;
    private final Pattern pattern;

    PathMapping(Map<String, Path> mountPathToHost) {
        Map<String, Path> normalized = new LinkedHashMap<>();
        mountPathToHost.entrySet().stream()
                .sorted(Comparator.comparing((Map.Entry<String, Path> e) -> trim(e.getKey()).length()).reversed())
                .forEach(e -> normalized.put(trim(e.getKey()), e.getValue()));
        this.mounts = normalized;
        if (normalized.isEmpty()) {
            this.pattern = null;
        } else {
            StringBuilder alternatives = new StringBuilder();
            for (String mountPath : normalized.keySet()) {
                alternatives.append(alternatives.isEmpty() ? "" : "|").append(Pattern.quote(mountPath));
            }
            this.pattern = Pattern.compile(
                    "(?<=^|[" + SEPARATORS + "])(" + alternatives + ")(?=$|/|[" + SEPARATORS + "])");
        }
    }

    String rewrite(String value) {
        if (pattern == null) {
            return value;
        }
        Matcher matcher = pattern.matcher(value);
        return matcher.replaceAll(match -> Matcher.quoteReplacement(mounts.get(match.group(1)).toString()));
    }

    List<String> rewrite(List<String> values) {
        return values.stream().map(this::rewrite).toList();
    }

    /** The host path of a container path under one of the mounts. */
    Optional<Path> hostPath(String containerPath) {
        for (Map.Entry<String, Path> mount : mounts.entrySet()) {
            String mountPath = mount.getKey();
            if (containerPath.equals(mountPath)) {
                return Optional.of(mount.getValue());
            }
            if (containerPath.startsWith(mountPath + "/")) {
                return Optional.of(mount.getValue().resolve(containerPath.substring(mountPath.length() + 1)));
            }
        }
        return Optional.empty();
    }

    private static String trim(String mountPath) {
        String trimmed = mountPath.replaceAll("/+$", "");
        if (!mountPath.startsWith("/") || trimmed.isEmpty()) {
            throw new IllegalArgumentException("mountPath must be an absolute path other than /: " + mountPath);
        }
        return trimmed;
    }
}
