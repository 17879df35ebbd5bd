package dev.cairn.node.storage.raftlog;

import java.nio.file.Path;

/** The Raft log on disk is damaged in a way a crash cannot explain; the node must not start on it. */
public final class RaftLogCorruptedException extends RuntimeException {
    public RaftLogCorruptedException(Path file, long offset, String what) {
        super("raft log segment " + file + " is damaged at offset " + offset + ": " + what);
    }

    public RaftLogCorruptedException(String what) {
        super("raft log is damaged: " + what);
    }
}
