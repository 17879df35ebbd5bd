package dev.cairn.node.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the real {@code curl} for one URL and returns its exit code, the HTTP status and the body. Output goes to
 * files, and every run is bounded by curl's own time limit and a process timeout.
 */
final class Curl {
    private static final Path BINARY = Path.of(System.getProperty("diff.curl", "/usr/bin/curl"));
    private static final Duration RUN_TIMEOUT = Duration.ofSeconds(30);
    private static final String STATUS_MARK = "\n[curl-status]";

    record Result(int exitCode, int status, String body, String stderr) {
    }

    private final Path scratchDir;

    Curl(Path scratchDir) {
        this.scratchDir = scratchDir;
    }

    static boolean installed() {
        return Files.isExecutable(BINARY);
    }

    /** {@code curl -s [flags] url}; status 0 when no HTTP answer came (see the exit code). */
    Result get(String url, List<String> flags) {
        List<String> command = new ArrayList<>(List.of(BINARY.toString(), "-s", "--max-time", "10",
                "--write-out", STATUS_MARK + "%{http_code}"));
        command.addAll(flags);
        command.add(url);
        try {
            Path out = Files.createTempFile(scratchDir, "curl-stdout", ".txt");
            Path err = Files.createTempFile(scratchDir, "curl-stderr", ".txt");
            Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!process.waitFor(RUN_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                throw new IllegalStateException("curl did not finish within " + RUN_TIMEOUT + ": " + command);
            }
            String stdout = Files.readString(out, StandardCharsets.UTF_8);
            String stderr = Files.readString(err, StandardCharsets.UTF_8);
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
            int mark = stdout.lastIndexOf(STATUS_MARK);
            if (mark < 0) {
                return new Result(process.exitValue(), 0, stdout, stderr);
            }
            return new Result(process.exitValue(), Integer.parseInt(stdout.substring(mark + STATUS_MARK.length()).trim()),
                    stdout.substring(0, mark), stderr);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command, e);
        }
    }
}
