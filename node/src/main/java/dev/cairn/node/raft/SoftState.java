package dev.cairn.node.raft;

/** Volatile state worth reporting (not persisting): who leads and which role this member plays; leader 0 = none. */
public record SoftState(long leaderId, Role role) {
}
