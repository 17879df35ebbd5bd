package dev.cairn.node.peer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Removal of snapshot directories the transport owns. */
final class Directories {
    private static final System.Logger LOG = System.getLogger(Directories.class.getName());

    private Directories() {
    }

    /** Deletes the tree; a failure is logged, since the caller has nothing better to do with it. */
    static void deleteQuietly(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException | UncheckedIOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot delete snapshot directory {0}: {1}", dir, e.getMessage());
        }
    }
}
