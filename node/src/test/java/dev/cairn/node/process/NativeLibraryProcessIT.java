package dev.cairn.node.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * RocksDB's native library is copied out of the jar once per user and kept: members killed with SIGKILL, as a
 * crash or the OOM killer does, leave no copy of the 15 MB library behind in the temporary directory.
 */
class NativeLibraryProcessIT {

    @Test
    void killedMembersShareOneCopyOfTheNativeLibraryAndLeaveNoneBehind() throws IOException {
        Path workDir = ServerPair.newWorkDir("native-library-");
        Path tmpDir = Files.createDirectories(workDir.resolve("tmp"));
        List<String> launcher = new ArrayList<>(ServerPair.cairnLauncher());
        launcher.add(1, "-Djava.io.tmpdir=" + tmpDir);

        startAndKill("first", launcher, workDir);
        List<Path> copies = librariesUnder(tmpDir);
        assertThat(copies).as("library copies after the first member was killed").hasSize(1);
        Path copy = copies.get(0);
        Object copyIdentity = Files.readAttributes(copy, "unix:ino").get("ino");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(copy.getParent().getParent())))
                .as("permissions of %s", copy.getParent().getParent()).isEqualTo("rwx------");

        startAndKill("second", launcher, workDir);
        assertThat(librariesUnder(tmpDir)).as("library copies after the second member was killed")
                .containsExactly(copy);
        assertThat(Files.readAttributes(copy, "unix:ino").get("ino")).as("the copy is reused, not rewritten")
                .isEqualTo(copyIdentity);
    }

    private static void startAndKill(String label, List<String> launcher, Path workDir) {
        try (ServerProcess server = ServerProcess.start(label, launcher, workDir)) {
            server.awaitReady(new Etcdctl(server.endpoint(), workDir, List.of("--dial-timeout=2s")));
        } // close() is SIGKILL: no shutdown hook, no deleteOnExit runs
    }

    private static List<Path> librariesUnder(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(f -> f.getFileName().toString().startsWith("librocksdbjni")).sorted().toList();
        }
    }
}
