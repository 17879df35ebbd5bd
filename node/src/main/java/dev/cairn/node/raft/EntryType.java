package dev.cairn.node.raft;

/** What a log entry carries: a client request (or a leader's empty first entry) or a membership change. */
public enum EntryType {
    NORMAL,
    CONF_CHANGE
}
