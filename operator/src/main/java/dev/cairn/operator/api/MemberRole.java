package dev.cairn.operator.api;

/** A member's part in the Raft group. */
public enum MemberRole {
    Leader,
    Follower,
    Learner
}
