package dev.cairn.node.process;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

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

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Snapshots with the built jar and the real etcdctl: {@code etcdctl snapshot save} from a cairn member (as from real
 * etcd), {@code cairn snapshot save|status|restore}, and a cairn member started on the restored data dir serving
 * the same keys at the same revision.
 */
class SnapshotProcessIT {
    private static final Pattern REVISION = Pattern.compile("\"revision\":(\\d+)");
    private static final Pattern KVS = Pattern.compile("\"kvs\":\\[.*]");

    private final List<ServerProcess> servers = new ArrayList<>();
    private Path workDir;

    @AfterEach
    void stop() {
        servers.forEach(ServerProcess::close);
    }

    private ServerProcess start(String label, List<String> launcher) {
        ServerProcess server = ServerProcess.start(label, launcher, workDir);
        servers.add(server);
        server.awaitReady(new Etcdctl(server.endpoint(), workDir));
        return server;
    }

    @Test
    void etcdctlSavesFromCairnAndTheRestoredMemberServesTheSameData() throws Exception {
        Files.createDirectories(Path.of("target"));
        workDir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "snapshot-it-");
        ServerProcess cairn = start("cairn", cairnLauncher());
        ServerProcess etcd = start("etcd", List.of(System.getProperty("diff.etcd", "/usr/bin/etcd")));
        Etcdctl onCairn = new Etcdctl(cairn.endpoint(), workDir);
        Etcdctl onEtcd = new Etcdctl(etcd.endpoint(), workDir);
        for (int i = 0; i < 30; i++) {
            assertThat(onCairn.run(List.of("put", "key-" + i, "value-" + i), "").exitCode()).isZero();
        }
        assertThat(onCairn.run(List.of("del", "key-3"), "").exitCode()).isZero();
        assertThat(onEtcd.run(List.of("put", "key", "value"), "").exitCode()).isZero();
        CommandOutput before = onCairn.run(List.of("get", "", "--from-key", "-w", "json"), "");

        Path fromCairn = workDir.resolve("cairn.db");
        Path fromEtcd = workDir.resolve("etcd.db");
        CommandOutput saved = onCairn.run(List.of("snapshot", "save", fromCairn.toString()), "");
        CommandOutput savedFromEtcd = onEtcd.run(List.of("snapshot", "save", fromEtcd.toString()), "");
        assertThat(saved.exitCode()).as(saved.render()).isZero();
        assertThat(savedFromEtcd.exitCode()).as(savedFromEtcd.render()).isZero();
        assertThat(saved.stdout()).isEqualTo(savedFromEtcd.stdout().replace(fromEtcd.toString(), fromCairn.toString()))
                .isEqualTo("Snapshot saved at " + fromCairn + "\n");
        assertThat(Files.size(fromCairn) % 512).isEqualTo(32);

        Path ownSave = workDir.resolve("own.db");
        CommandOutput own = cairn("snapshot", "save", ownSave.toString(), "--endpoints", cairn.endpoint());
        assertThat(own.exitCode()).as(own.render()).isZero();
        assertThat(own.stdout()).isEqualTo("Snapshot saved at " + ownSave + "\n");
        assertThat(workDir.resolve("own.db.part")).doesNotExist();

        long revision = revision(before.stdout());
        CommandOutput status = cairn("snapshot", "status", fromCairn.toString(), "-w", "json");
        assertThat(status.exitCode()).as(status.render()).isZero();
        assertThat(revision(status.stdout())).isEqualTo(revision);

        // restore into the data dir the next server process will use; its flags then no longer matter
        Path restoredDir = workDir.resolve("restored").resolve("data");
        Files.createDirectories(restoredDir.getParent());
        CommandOutput restore = cairn("snapshot", "restore", fromCairn.toString(), "--name", "n1",
                "--data-dir", restoredDir.toString(), "--initial-cluster", "n1=http://127.0.0.1:2390",
                "--initial-advertise-peer-urls", "http://127.0.0.1:2390", "--initial-cluster-token", "restored");
        assertThat(restore.exitCode()).as(restore.render()).isZero();
        CommandOutput again = cairn("snapshot", "restore", fromCairn.toString(), "--name", "n1",
                "--data-dir", restoredDir.toString(), "--initial-cluster", "n1=http://127.0.0.1:2390",
                "--initial-advertise-peer-urls", "http://127.0.0.1:2390");
        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(again.stderr()).isEqualTo("Error: data-dir \"" + restoredDir + "\" exists\n");

        ServerProcess restored = start("restored", cairnLauncher());
        Etcdctl onRestored = new Etcdctl(restored.endpoint(), workDir);
        CommandOutput after = onRestored.run(List.of("get", "", "--from-key", "-w", "json"), "");
        assertThat(revision(after.stdout())).isEqualTo(revision);
        assertThat(kvs(after.stdout())).isEqualTo(kvs(before.stdout()));
        CommandOutput members = onRestored.run(List.of("member", "list"), "");
        assertThat(members.stdout()).contains("http://127.0.0.1:2390").doesNotContain(":" + cairn.peerPort());
    }

    private static long revision(String json) {
        Matcher matcher = REVISION.matcher(json);
        assertThat(matcher.find()).as(json).isTrue();
        return Long.parseLong(matcher.group(1));
    }

    private static String kvs(String json) {
        Matcher matcher = KVS.matcher(json);
        assertThat(matcher.find()).as(json).isTrue();
        return matcher.group();
    }

    private CommandOutput cairn(String... args) {
        List<String> command = new ArrayList<>(cairnLauncher());
        command.addAll(List.of(args));
        try {
            Path out = Files.createTempFile(workDir, "cairn-out", ".txt");
            Path err = Files.createTempFile(workDir, "cairn-err", ".txt");
            Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
                    .start();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                throw new IllegalStateException("cairn " + List.of(args) + " did not finish within 60 s");
            }
            return new CommandOutput(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static List<String> cairnLauncher() {
        String jar = System.getProperty("cairn.jar");
        if (jar == null || !Files.isRegularFile(Path.of(jar))) {
            throw new IllegalStateException("cairn jar not found: system property cairn.jar=" + jar);
        }
        String java = System.getProperty("diff.java", ProcessHandle.current().info().command()
                .orElseThrow(() -> new IllegalStateException("cannot tell which java runs this test; set diff.java")));
        return new ArrayList<>(List.of(java, "-jar", jar));
    }
}
