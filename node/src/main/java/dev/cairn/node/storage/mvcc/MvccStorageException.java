package dev.cairn.node.storage.mvcc;

/** The store's data on disk cannot be opened, read or written; the message names the data directory. */
public final class MvccStorageException extends RuntimeException {
    public MvccStorageException(String message) {
        super(message);
    }

    public MvccStorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
