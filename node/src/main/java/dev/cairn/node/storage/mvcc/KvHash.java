package dev.cairn.node.storage.mvcc;

/**
 * The answer to HashKV: the hash of the key-value history up to a revision, the compact revision it skips below
 * (-1 if none) and the store's current revision when it was taken.
 */
public record KvHash(int hash, long compactRevision, long currentRevision) {}
