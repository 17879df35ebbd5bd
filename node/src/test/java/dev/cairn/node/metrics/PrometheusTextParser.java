package dev.cairn.node.metrics;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A strict reader of Prometheus' text format 0.0.4 for tests: rejects what Prometheus would reject (malformed
 * lines, samples outside their family, a family split in two, a repeated series) and checks histograms
 * (increasing bounds, cumulative counts, a +Inf bucket equal to the count).
 */
public final class PrometheusTextParser {
    private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    private static final Set<String> TYPES = Set.of("counter", "gauge", "histogram", "summary", "untyped");

    public record Sample(String name, Map<String, String> labels, double value) {
    }

    public record Family(String name, String type, String help, List<Sample> samples) {
        /** The one sample of {@code name} whose labels include all of {@code labels}; fails unless exactly one. */
        public Sample only(String sampleName, Map<String, String> labels) {
            List<Sample> found = samples.stream().filter(s -> s.name.equals(sampleName)
                    && s.labels.entrySet().containsAll(labels.entrySet())).toList();
            if (found.size() != 1) {
                throw new AssertionError(found.size() + " samples of " + sampleName + " with " + labels + " in " + name);
            }
            return found.getFirst();
        }
    }

    private final Map<String, Family> families = new LinkedHashMap<>();
    private final Set<String> series = new HashSet<>();
    private final Set<String> typed = new HashSet<>();
    private String current;

    private PrometheusTextParser() {
    }

    /** The families by name, in page order; throws IllegalArgumentException naming the line at fault. */
    public static Map<String, Family> parse(String page) {
        PrometheusTextParser parser = new PrometheusTextParser();
        String[] lines = page.split("\n", -1);
        if (!page.isEmpty() && !page.endsWith("\n")) {
            throw new IllegalArgumentException("the page does not end with a newline");
        }
        for (int i = 0; i < lines.length; i++) {
            try {
                parser.line(lines[i]);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("line " + (i + 1) + " '" + lines[i] + "': " + e.getMessage(), e);
            }
        }
        parser.families.values().stream().filter(f -> f.type.equals("histogram")).forEach(PrometheusTextParser::checkHistogram);
        return parser.families;
    }

    private void line(String line) {
        if (line.isBlank()) {
            return;
        }
        if (line.startsWith("#")) {
            String[] parts = line.split(" ", 4);
            if (parts.length >= 3 && (parts[1].equals("HELP") || parts[1].equals("TYPE"))) {
                metadata(parts[1], parts[2], parts.length == 4 ? parts[3] : "");
            }
            return; // any other comment is allowed
        }
        sample(line);
    }

    private void metadata(String kind, String name, String value) {
        requireName(name);
        Family family = families.get(name);
        if (family != null && !name.equals(current)) {
            throw new IllegalArgumentException("family " + name + " appears twice");
        }
        if (family == null) {
            family = new Family(name, "untyped", null, new ArrayList<>());
        } else if (!family.samples.isEmpty()) {
            throw new IllegalArgumentException(kind + " of " + name + " after its samples");
        }
        if (kind.equals("TYPE")) {
            if (!TYPES.contains(value)) {
                throw new IllegalArgumentException("unknown type " + value);
            }
            if (!typed.add(name)) {
                throw new IllegalArgumentException("second TYPE for " + name);
            }
            family = new Family(name, value, family.help, family.samples);
        } else {
            if (family.help != null) {
                throw new IllegalArgumentException("second HELP for " + name);
            }
            family = new Family(name, family.type, value, family.samples);
        }
        families.put(name, family);
        current = name;
    }

    private void sample(String line) {
        int end = 0;
        while (end < line.length() && line.charAt(end) != '{' && line.charAt(end) != ' ') {
            end++;
        }
        String name = line.substring(0, end);
        requireName(name);
        Map<String, String> labels = new TreeMap<>();
        int at = end;
        if (at < line.length() && line.charAt(at) == '{') {
            at = labels(line, at + 1, labels);
        }
        if (at >= line.length() || line.charAt(at) != ' ') {
            throw new IllegalArgumentException("no value");
        }
        String[] rest = line.substring(at + 1).trim().split(" +");
        if (rest.length > 2) {
            throw new IllegalArgumentException("text after the value and timestamp");
        }
        double value = number(rest[0]);
        if (rest.length == 2) {
            Long.parseLong(rest[1]);
        }
        Family family = familyOf(name);
        if (!series.add(name + labels)) {
            throw new IllegalArgumentException("series " + name + labels + " appears twice");
        }
        family.samples.add(new Sample(name, labels, value));
    }

    private Family familyOf(String sampleName) {
        Family family = current == null ? null : families.get(current);
        if (family != null && (sampleName.equals(family.name) || family.type.equals("histogram")
                && List.of("_bucket", "_sum", "_count").contains(sampleName.substring(Math.min(sampleName.length(),
                family.name.length()))) && sampleName.startsWith(family.name))) {
            return family;
        }
        if (families.containsKey(sampleName)) {
            throw new IllegalArgumentException("sample of " + sampleName + " away from its family");
        }
        Family untyped = new Family(sampleName, "untyped", null, new ArrayList<>());
        families.put(sampleName, untyped);
        current = sampleName;
        return untyped;
    }

    /** Parses labels from just after '{'; returns the index after '}'. */
    private static int labels(String line, int at, Map<String, String> labels) {
        while (true) {
            if (at >= line.length()) {
                throw new IllegalArgumentException("unclosed labels");
            }
            if (line.charAt(at) == '}') {
                return at + 1;
            }
            int equals = line.indexOf('=', at);
            if (equals < 0 || equals + 1 >= line.length() || line.charAt(equals + 1) != '"') {
                throw new IllegalArgumentException("label without =\"value\"");
            }
            String labelName = line.substring(at, equals);
            if (!LABEL_NAME.matcher(labelName).matches()) {
                throw new IllegalArgumentException("bad label name " + labelName);
            }
            StringBuilder value = new StringBuilder();
            int i = equals + 2;
            for (; i < line.length() && line.charAt(i) != '"'; i++) {
                char c = line.charAt(i);
                if (c == '\\') {
                    char escaped = i + 1 < line.length() ? line.charAt(++i) : ' ';
                    switch (escaped) {
                        case '\\' -> value.append('\\');
                        case '"' -> value.append('"');
                        case 'n' -> value.append('\n');
                        default -> throw new IllegalArgumentException("bad escape \\" + escaped);
                    }
                } else {
                    value.append(c);
                }
            }
            if (i >= line.length()) {
                throw new IllegalArgumentException("unterminated label value");
            }
            if (labels.put(labelName, value.toString()) != null) {
                throw new IllegalArgumentException("label " + labelName + " twice");
            }
            at = i + 1;
            if (at < line.length() && line.charAt(at) == ',') {
                at++;
            }
        }
    }

    private static double number(String text) {
        return switch (text) {
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            case "NaN" -> Double.NaN;
            default -> {
                try {
                    yield Double.parseDouble(text);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("not a number: " + text);
                }
            }
        };
    }

    private static void requireName(String name) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("bad metric name '" + name + "'");
        }
    }

    /** Per series (labels without le): bounds increase, counts never drop, +Inf bucket = _count. */
    private static void checkHistogram(Family family) {
        Map<Map<String, String>, List<Sample>> buckets = new LinkedHashMap<>();
        Map<Map<String, String>, Double> counts = new LinkedHashMap<>();
        for (Sample sample : family.samples) {
            Map<String, String> key = new TreeMap<>(sample.labels);
            key.remove("le");
            if (sample.name.endsWith("_bucket")) {
                if (!sample.labels.containsKey("le")) {
                    throw new IllegalArgumentException(family.name + " bucket without le");
                }
                buckets.computeIfAbsent(key, k -> new ArrayList<>()).add(sample);
            } else if (sample.name.endsWith("_count")) {
                counts.put(key, sample.value);
            }
        }
        buckets.forEach((key, series) -> {
            double bound = Double.NEGATIVE_INFINITY;
            double count = 0;
            for (Sample bucket : series) {
                double le = number(bucket.labels.get("le"));
                if (le <= bound || bucket.value < count) {
                    throw new IllegalArgumentException(family.name + key + ": buckets out of order at le=" + le);
                }
                bound = le;
                count = bucket.value;
            }
            if (bound != Double.POSITIVE_INFINITY || counts.get(key) == null || counts.get(key) != count) {
                throw new IllegalArgumentException(family.name + key + ": +Inf bucket missing or not the count");
            }
        });
    }
}
