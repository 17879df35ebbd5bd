package dev.cairn.node.server;

/** Told by the raft loop after a membership change has reached both the state store and the Raft core. */
interface MembershipWatcher {
    void membershipChanged();
}
