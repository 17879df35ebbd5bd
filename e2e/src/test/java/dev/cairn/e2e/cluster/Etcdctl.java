package dev.cairn.e2e.cluster;

import dev.cairn.standin.ClientCredentials;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's etcdctl (v3 API) with the operator-issued client certificate. Through the forwarded client Service the
 * server certificate is verified (it covers 127.0.0.1); a member reached at its pod IP, which no certificate
 * names, is reached with server verification off but still with the client certificate.
 */
final class Etcdctl {

    /** Longer than etcdctl's own dial and command timeouts, so it only catches a hung etcdctl. */
    private static final long PROCESS_TIMEOUT_SECONDS = 20;

    private final ClientCredentials credentials;
    private final Path scratch;

    Etcdctl(ClientCredentials credentials, Path scratch) {
        this.credentials = credentials;
        this.scratch = scratch;
    }

    /** One etcdctl run's outcome. */
    record Result(int exitCode, String stdout, String stderr) {
        boolean ok() {
            return exitCode == 0;
        }

        Result orThrow() {
            if (!ok()) {
                throw new IllegalStateException("etcdctl failed (" + exitCode + "): " + stderr.strip());
            }
            return this;
        }
    }

    /** Against the forwarded client Service at {@code 127.0.0.1:port}, the server certificate verified. */
    Result viaService(int port, String... args) {
        return run(List.of("--endpoints=https://127.0.0.1:" + port), args);
    }

    /** Against members at their pod IPs (comma-separated {@code https://ip:2379} endpoints). */
    Result atMembers(String endpoints, String... args) {
        return run(List.of("--endpoints=" + endpoints, "--insecure-skip-tls-verify"), args);
    }

    private Result run(List<String> endpointArgs, String... args) {
        List<String> command = new ArrayList<>(List.of("etcdctl", "--dial-timeout=2s", "--command-timeout=4s",
                "--cacert=" + credentials.caFile(), "--cert=" + credentials.certFile(),
                "--key=" + credentials.keyFile()));
        command.addAll(endpointArgs);
        command.addAll(List.of(args));
        try {
            Files.createDirectories(scratch);
            Path out = Files.createTempFile(scratch, "etcdctl", ".out");
            Path err = Files.createTempFile(scratch, "etcdctl", ".err");
            try {
                ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile())
                        .redirectError(err.toFile());
                builder.environment().put("ETCDCTL_API", "3");
                Process process = builder.start();
                if (!process.waitFor(PROCESS_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor();
                    return new Result(-1, "", "etcdctl hung past " + PROCESS_TIMEOUT_SECONDS + " s: " + command);
                }
                return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                        Files.readString(err, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running etcdctl", e);
        }
    }
}
