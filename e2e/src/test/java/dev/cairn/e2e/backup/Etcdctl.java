package dev.cairn.e2e.backup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Debian's etcdctl (from PATH) against one endpoint with a client certificate; every call bounded in time. */
record Etcdctl(String endpoint, Path caFile, Path certFile, Path keyFile) {

    private static final long TIMEOUT_SECONDS = 30;
    private static final Pattern HASH = Pattern.compile("\"hash\":(\\d+)");

    void put(String key, String value) {
        run("put", key, value);
    }

    /** The value of {@code key}, or empty when it is absent. */
    String get(String key) {
        return String.join("\n", run("get", key, "--print-value-only").strip().lines().toList());
    }

    /** {@code endpoint hashkv --rev}: the hash of the keys and values at {@code revision}. */
    long hashKv(long revision) {
        String json = run("endpoint", "hashkv", "--rev=" + revision, "-w", "json");
        Matcher matcher = HASH.matcher(json);
        if (!matcher.find()) {
            throw new IllegalStateException("etcdctl endpoint hashkv printed no hash: " + json);
        }
        return Long.parseLong(matcher.group(1));
    }

    String memberList() {
        return run("member", "list");
    }

    String run(String... args) {
        List<String> command = new ArrayList<>(List.of("etcdctl", "--endpoints=" + endpoint,
                "--cacert=" + caFile, "--cert=" + certFile, "--key=" + keyFile, "--command-timeout=10s"));
        command.addAll(List.of(args));
        try {
            Path output = Files.createTempFile("etcdctl", ".out");
            try {
                Process process = new ProcessBuilder(command).redirectErrorStream(true)
                        .redirectOutput(output.toFile()).start();
                process.getOutputStream().close();
                if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor();
                    throw new IllegalStateException(String.join(" ", command) + " took over " + TIMEOUT_SECONDS
                            + " s");
                }
                String text = Files.readString(output, StandardCharsets.UTF_8);
                if (process.exitValue() != 0) {
                    throw new IllegalStateException(String.join(" ", command) + " exited with "
                            + process.exitValue() + ": " + text);
                }
                return text;
            } finally {
                Files.deleteIfExists(output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run etcdctl", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running etcdctl", e);
        }
    }
}
