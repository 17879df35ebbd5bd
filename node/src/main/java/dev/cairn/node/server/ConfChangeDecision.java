package dev.cairn.node.server;

import dev.cairn.node.raft.ConfChangeKind;

/**
 * What the apply thread decided for one committed CONF_CHANGE entry, for the raft loop to carry into the Raft
 * core: the change to make, or none when the entry was refused (etcd's ValidateConfigurationChange) or was
 * already applied before a restart.
 *
 * @param kind null when the configuration stays as it is
 */
record ConfChangeDecision(long index, ConfChangeKind kind, long memberId) {
    static ConfChangeDecision none(long index) {
        return new ConfChangeDecision(index, null, 0);
    }
}
