package dev.cairn.standin;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The stand-in's state directory. Each run starts empty: a new API server knows nothing of old pods and claims.
 * A directory is only ever wiped when it carries the stand-in's marker file, never one that merely has the name.
 */
final class WorkDir {

    static final String MARKER = ".cairn-standin";

    private WorkDir() {
    }

    static Path prepare(Path dir) {
        try {
            if (Files.exists(dir)) {
                if (!Files.exists(dir.resolve(MARKER)) && !isEmptyDirectory(dir)) {
                    throw new IllegalArgumentException(dir + " exists and is not a stand-in work dir (no " + MARKER
                            + " in it): choose another --work-dir");
                }
                deleteTree(dir);
            }
            Files.createDirectories(dir);
            Files.writeString(dir.resolve(MARKER), "state of the cairn stand-in; wiped at each start\n");
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the work dir " + dir, e);
        }
    }

    private static boolean isEmptyDirectory(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
