package dev.cairn.node.process;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a short host command (such as {@code ip netns add}) with a timeout; its output goes through a file. */
final class HostCommand {
    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final int MAX_OUTPUT_BYTES = 64 * 1024;

    private HostCommand() {
    }

    /** Runs the command and fails with its output unless it exits with 0. */
    static void require(List<String> command) {
        CommandOutput output = run(command);
        if (output.exitCode() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + output.render());
        }
    }

    static CommandOutput run(List<String> command) {
        Path out = null;
        try {
            out = Files.createTempFile("host-command", ".txt");
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(out.toFile())
                    .start();
            if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                return new CommandOutput(-1, read(out), "[harness] timed out after " + TIMEOUT);
            }
            return new CommandOutput(process.exitValue(), read(out), "");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command, e);
        } finally {
            if (out != null) {
                try {
                    Files.deleteIfExists(out);
                } catch (IOException ignored) {
                    // a leftover temp file is harmless
                }
            }
        }
    }

    private static String read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return new String(in.readNBytes(MAX_OUTPUT_BYTES), StandardCharsets.UTF_8);
        }
    }
}
