package dev.cairn.node.process;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The ordered etcdctl steps of a differential run, read from a plain text resource.
 *
 * <p>Format, one step per line: etcdctl arguments split like a shell would (single or double quotes group words,
 * {@code ""} is an empty argument). {@code #} starts a comment line. A leading {@code !} marks a step that must fail
 * on real etcd (non-zero exit), so the script documents which steps are error cases and a harness mistake that
 * turns every step into an error cannot pass unnoticed. A line ending in {@code <<EOF} feeds the following lines,
 * up to a line {@code EOF}, to the command's stdin.
 */
final class EtcdctlScript {
    private static final String HEREDOC = "<<EOF";
    private static final String HEREDOC_END = "EOF";

    /** One etcdctl invocation: its arguments, its stdin, whether etcd rejects it, and where it was written. */
    record Step(int line, List<String> args, String stdin, boolean expectFailure) {
        String describe() {
            String shown = "etcdctl " + String.join(" ", args.stream().map(Step::quoteIfNeeded).toList());
            return "line " + line + ": " + (expectFailure ? "! " : "") + shown;
        }

        private static String quoteIfNeeded(String arg) {
            return arg.isEmpty() || arg.contains(" ") ? "'" + arg + "'" : arg;
        }
    }

    private EtcdctlScript() {
    }

    static List<Step> load(String resource) {
        try (InputStream in = EtcdctlScript.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("missing test resource " + resource);
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }

    static List<Step> parse(String text) {
        List<String> lines = text.lines().toList();
        List<Step> steps = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int lineNumber = i + 1;
            boolean expectFailure = line.startsWith("!");
            if (expectFailure) {
                line = line.substring(1).strip();
            }
            String stdin = "";
            if (line.endsWith(HEREDOC)) {
                line = line.substring(0, line.length() - HEREDOC.length()).strip();
                StringBuilder body = new StringBuilder();
                i++;
                while (i < lines.size() && !lines.get(i).equals(HEREDOC_END)) {
                    body.append(lines.get(i)).append('\n');
                    i++;
                }
                if (i == lines.size()) {
                    throw new IllegalArgumentException("line " + lineNumber + ": stdin block has no closing EOF");
                }
                stdin = body.toString();
            }
            steps.add(new Step(lineNumber, split(line, lineNumber), stdin, expectFailure));
        }
        return steps;
    }

    /** Splits on unquoted whitespace; quotes group characters and are removed. */
    static List<String> split(String line, int lineNumber) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (char c : line.toCharArray()) {
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    word.append(c);
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (quote != 0) {
            throw new IllegalArgumentException("line " + lineNumber + ": unclosed quote in " + line);
        }
        if (inWord) {
            words.add(word.toString());
        }
        return List.copyOf(words);
    }
}
