package dev.cairn.node.linearizability;

/** The check of one key: the verdict, how many operations were placed and states explored, and why it failed. */
public record KeyVerdict(String key, Verdict verdict, int operations, long statesExplored, String explanation) {
}
