package dev.cairn.node.storage.mvcc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Replaces the store's directory with another by renames, so that a crash at any point leaves one whole store
 * that {@link #recover} restores at the next open. With the store directory {@code db}:
 * <ol>
 *   <li>{@link Step#STAGED}: the new store (its files synced) is renamed to {@code db.incoming};</li>
 *   <li>{@link Step#OLD_MOVED_ASIDE}: {@code db} is renamed to {@code db.old}. This is the commit point: from
 *       here on recovery finishes the swap, before it recovery undoes it;</li>
 *   <li>{@link Step#NEW_IN_PLACE}: {@code db.incoming} is renamed to {@code db};</li>
 *   <li>{@link Step#OLD_DELETED}: {@code db.old} is deleted.</li>
 * </ol>
 * The parent directory is synced after every rename, so the renames reach the disk in this order.
 */
final class StoreDirectorySwap {
    private static final System.Logger LOG = System.getLogger(StoreDirectorySwap.class.getName());

    /** The steps of a swap, in order; a test hook may stop the swap after any of them to simulate a crash. */
    enum Step { STAGED, OLD_MOVED_ASIDE, NEW_IN_PLACE, OLD_DELETED }

    /** Told after each step has reached the disk. */
    interface StepListener {
        StepListener NONE = step -> { };

        void completed(Step step);
    }

    private final Path dir;
    private final Path incoming;
    private final Path old;
    private final StepListener listener;

    StoreDirectorySwap(Path dir, StepListener listener) {
        this.dir = dir;
        this.incoming = incomingOf(dir);
        this.old = oldOf(dir);
        this.listener = listener;
    }

    static Path incomingOf(Path dir) {
        return dir.resolveSibling(dir.getFileName() + ".incoming");
    }

    static Path oldOf(Path dir) {
        return dir.resolveSibling(dir.getFileName() + ".old");
    }

    /**
     * Syncs every file of {@code newStore} and moves it next to the store. Nothing of the live store changes; a
     * failure leaves {@code newStore} where it was.
     */
    void stage(Path newStore) {
        if (Files.exists(incoming) || Files.exists(old)) {
            throw new MvccStorageException("cannot replace the MVCC store in " + dir + ": " + incoming + " or " + old
                    + " is left from an earlier replacement (reopen the store to finish or undo it)");
        }
        syncTree(newStore);
        try {
            Files.move(newStore, incoming, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            throw new MvccStorageException("cannot replace the MVCC store in " + dir + " with " + newStore
                    + ": it must be on the same file system as the store", e);
        } catch (IOException e) {
            throw new MvccStorageException("cannot move " + newStore + " to " + incoming + ": " + e.getMessage(), e);
        }
        syncParent();
        listener.completed(Step.STAGED);
    }

    /** Puts the staged store in place of the (closed) current one and deletes the current one. */
    void swap() {
        rename(dir, old);
        listener.completed(Step.OLD_MOVED_ASIDE);
        rename(incoming, dir);
        listener.completed(Step.NEW_IN_PLACE);
        deleteTree(old);
        syncParent();
        listener.completed(Step.OLD_DELETED);
    }

    /**
     * Finishes or undoes a swap a crash interrupted, before the store in {@code dir} is opened: a staged store
     * not yet committed is dropped, a committed one is put in place.
     */
    static void recover(Path dir) {
        Path incoming = incomingOf(dir);
        Path old = oldOf(dir);
        // An empty store directory is as good as none: whoever opens the store may have created it just before.
        boolean hasDir = Files.exists(dir) && !isEmptyDirectory(dir);
        boolean hasIncoming = Files.exists(incoming);
        boolean hasOld = Files.exists(old);
        if (!hasIncoming && !hasOld) {
            return;
        }
        StoreDirectorySwap swap = new StoreDirectorySwap(dir, StepListener.NONE);
        if (!hasOld) {
            LOG.log(System.Logger.Level.WARNING, "dropping {0}: the replacement of the MVCC store was interrupted "
                    + "before it took effect", incoming);
            deleteTree(incoming);
            swap.syncParent();
        } else if (hasIncoming && !hasDir) {
            LOG.log(System.Logger.Level.WARNING, "finishing the interrupted replacement of the MVCC store in {0}", dir);
            deleteTree(dir);
            swap.rename(incoming, dir);
            deleteTree(old);
            swap.syncParent();
        } else if (hasDir && !hasIncoming) {
            deleteTree(old); // the replacement was done but for deleting the replaced store
            swap.syncParent();
        } else {
            throw new MvccStorageException("cannot recover the MVCC store in " + dir + ": found " + describe(dir)
                    + ", " + describe(incoming) + " and " + describe(old)
                    + ", which no interrupted replacement leaves behind");
        }
    }

    private static boolean isEmptyDirectory(Path path) {
        try (Stream<Path> entries = Files.list(path)) {
            return entries.findAny().isEmpty();
        } catch (IOException e) {
            throw new MvccStorageException("cannot list " + path + ": " + e.getMessage(), e);
        }
    }

    private static String describe(Path path) {
        return path.getFileName() + (Files.exists(path) ? " present" : " absent");
    }

    private void rename(Path from, Path to) {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new MvccStorageException("cannot rename " + from + " to " + to + ": " + e.getMessage(), e);
        }
        syncParent();
    }

    private void syncParent() {
        sync(dir.toAbsolutePath().getParent());
    }

    /** Makes the files of a store copy (written by someone else, maybe not synced) durable, directories too. */
    private static void syncTree(Path root) {
        if (!Files.isDirectory(root)) {
            throw new MvccStorageException("cannot replace the MVCC store with " + root + ": not a directory");
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.toList()) {
                sync(path);
            }
        } catch (IOException | UncheckedIOException e) {
            throw new MvccStorageException("cannot sync the files of " + root + ": " + e.getMessage(), e);
        }
    }

    /** fsync through a read-only channel, which works for directories and for files without write permission. */
    private static void sync(Path path) {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            throw new MvccStorageException("cannot sync " + path + ": " + e.getMessage(), e);
        }
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            List<Path> deepestFirst = paths.sorted(Comparator.reverseOrder()).toList();
            for (Path path : deepestFirst) {
                Files.deleteIfExists(path);
            }
        } catch (IOException | UncheckedIOException e) {
            throw new MvccStorageException("cannot delete " + root + ": " + e.getMessage(), e);
        }
    }
}
