package dev.cairn.standin.kubelet;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * A pod's directories under the kubelet's work dir, by pod uid: {@code root} (home and default working directory),
 * {@code volumes} (emptyDir, secret and configMap volumes) and {@code containers/<name>} (logs, termination
 * message). PVC directories live elsewhere ({@link PodVolumes}), so deleting a pod's directories keeps its data.
 */
record PodDirs(Path base) {

    static PodDirs of(Path workDir, String podUid) {
        return new PodDirs(workDir.resolve("pods").resolve(podUid));
    }

    Path root() {
        return base.resolve("root");
    }

    Path volumes() {
        return base.resolve("volumes");
    }

    Path container(String name) {
        return base.resolve("containers").resolve(name);
    }

    void delete() throws IOException {
        if (!Files.exists(base)) {
            return;
        }
        Files.walkFileTree(base, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                if (e instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE;
                }
                throw e;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                Files.deleteIfExists(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
