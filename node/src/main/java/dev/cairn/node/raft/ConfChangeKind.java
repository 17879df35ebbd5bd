package dev.cairn.node.raft;

/** What one membership change does to the configuration, as the core sees it. */
public enum ConfChangeKind {
    ADD_VOTER,
    ADD_LEARNER,
    REMOVE,
    PROMOTE,
    /** Changes only a member's addresses: the configuration stays as it is. */
    UPDATE
}
