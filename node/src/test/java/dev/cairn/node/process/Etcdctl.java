package dev.cairn.node.process;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the real {@code etcdctl} (v3 API) against one endpoint. Output goes to files rather than pipes so a chatty
 * command can never block on a full pipe, and every run is bounded by a timeout.
 */
public final class Etcdctl {
    private static final Path BINARY = Path.of(System.getProperty("diff.etcdctl", "/usr/bin/etcdctl"));
    private static final Duration RUN_TIMEOUT = Duration.ofSeconds(30);
    private static final int MAX_OUTPUT_BYTES = 1 << 20;

    private final String endpoint;
    private final Path scratchDir;
    private final List<String> globalFlags;
    private final List<String> launchPrefix;

    public Etcdctl(String endpoint, Path scratchDir) {
        this(endpoint, scratchDir, List.of());
    }

    /** Runs every command with the given global flags too (such as --cacert, --cert and --key). */
    Etcdctl(String endpoint, Path scratchDir, List<String> globalFlags) {
        this(endpoint, scratchDir, globalFlags, List.of());
    }

    /** As above, with etcdctl launched through {@code launchPrefix} (such as {@code ip netns exec <ns>}). */
    Etcdctl(String endpoint, Path scratchDir, List<String> globalFlags, List<String> launchPrefix) {
        this.endpoint = endpoint;
        this.scratchDir = scratchDir;
        this.globalFlags = List.copyOf(globalFlags);
        this.launchPrefix = List.copyOf(launchPrefix);
    }

    public CommandOutput run(List<String> args, String stdin) {
        List<String> command = new ArrayList<>(launchPrefix);
        command.add(BINARY.toString());
        command.add("--endpoints=" + endpoint);
        command.addAll(globalFlags);
        command.addAll(args);
        try {
            Path in = Files.createTempFile(scratchDir, "stdin", ".txt");
            Path out = Files.createTempFile(scratchDir, "stdout", ".txt");
            Path err = Files.createTempFile(scratchDir, "stderr", ".txt");
            Files.writeString(in, stdin == null ? "" : stdin, StandardCharsets.UTF_8);
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectInput(in.toFile())
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile());
            builder.environment().put("ETCDCTL_API", "3");
            Process process = builder.start();
            if (!process.waitFor(RUN_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                return new CommandOutput(-1, read(out), read(err) + "\n[harness] etcdctl timed out after " + RUN_TIMEOUT);
            }
            CommandOutput output = new CommandOutput(process.exitValue(), read(out), read(err));
            Files.deleteIfExists(in);
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command, e);
        }
    }

    private static String read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes(MAX_OUTPUT_BYTES + 1);
            if (bytes.length > MAX_OUTPUT_BYTES) {
                return new String(bytes, 0, MAX_OUTPUT_BYTES, StandardCharsets.UTF_8) + "\n[harness] output truncated";
            }
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }
}
