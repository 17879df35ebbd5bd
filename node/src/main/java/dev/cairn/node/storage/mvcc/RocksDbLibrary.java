package dev.cairn.node.storage.mvcc;

import java.io.IOException;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import java.util.jar.JarEntry;
import org.rocksdb.RocksDB;
import org.rocksdb.util.Environment;

/**
 * Loads RocksDB's native library from one copy per user and library build, kept in a private directory under
 * {@code java.io.tmpdir}.
 *
 * <p>rocksdbjni's own loader copies the 15 MB library into a new temporary file in every process and deletes it
 * only when the JVM exits normally, so each member killed with SIGKILL (or by the OOM killer) left a copy behind;
 * a long test run filled a disk that way. Here the copy is written once under a name made of the library's size
 * and CRC, to a temporary name first and then renamed, so a process killed while copying leaves no half-written
 * library under the final name. When the shared copy cannot be used (no private directory, library not in a jar),
 * rocksdbjni's own loader is used.
 */
final class RocksDbLibrary {
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");

    private RocksDbLibrary() {
    }

    static void load() { // once, from MvccStore's class initializer
        URL resource = RocksDB.class.getClassLoader().getResource(Environment.getJniLibraryFileName("rocksdb"));
        Path dir = resource == null ? null : sharedCopyDirectory(resource);
        if (dir != null) {
            try {
                RocksDB.loadLibrary(List.of(dir.toString()));
                return;
            } catch (UnsatisfiedLinkError e) {
                // fall back to rocksdbjni's own loader below
            }
        }
        RocksDB.loadLibrary();
    }

    /** The directory holding the shared copy of the library, written now if missing; null if it cannot be used. */
    private static Path sharedCopyDirectory(URL resource) {
        try {
            URLConnection connection = resource.openConnection();
            if (!(connection instanceof JarURLConnection jar)) {
                return null;
            }
            JarEntry entry = jar.getJarEntry();
            if (entry.getSize() < 0 || entry.getCrc() < 0) {
                return null;
            }
            Path base = privateDirectory(Path.of(System.getProperty("java.io.tmpdir"),
                    "cairn-native-" + System.getProperty("user.name")));
            if (base == null) {
                return null;
            }
            Path dir = base.resolve("rocksdbjni-%d-%08x".formatted(entry.getSize(), entry.getCrc()));
            Files.createDirectories(dir);
            // RocksDB.loadLibrary(paths) looks in each path for this name, not for the name in the jar.
            Path library = dir.resolve(Environment.getJniLibraryFileName("rocksdbjni"));
            if (!Files.isRegularFile(library, LinkOption.NOFOLLOW_LINKS) || Files.size(library) != entry.getSize()) {
                copy(jar, dir, library);
            }
            return dir;
        } catch (IOException | UnsupportedOperationException e) {
            return null;
        }
    }

    /**
     * The directory, created readable by its owner only; null if it exists but is not a directory of ours that
     * nobody else can write to, since a library placed there by another user would run in this process.
     */
    private static Path privateDirectory(Path dir) throws IOException {
        try {
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        } catch (FileAlreadyExistsException e) {
            // checked below
        }
        boolean ours = Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)
                && Files.getOwner(dir, LinkOption.NOFOLLOW_LINKS).getName().equals(System.getProperty("user.name"))
                && Files.getPosixFilePermissions(dir, LinkOption.NOFOLLOW_LINKS).equals(OWNER_ONLY);
        return ours ? dir : null;
    }

    private static void copy(JarURLConnection jar, Path dir, Path library) throws IOException {
        Path partial = Files.createTempFile(dir, library.getFileName().toString(), ".partial");
        try {
            try (InputStream in = jar.getInputStream()) {
                Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
            }
            Files.move(partial, library, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(partial);
        }
    }
}
