package dev.cairn.node.raft;

/**
 * A linearizable read is safe once the state machine has applied at least {@code index}; the context is the
 * caller's own identifier given to {@link RawNode#readIndex(long)}.
 */
public record ReadState(long index, long requestContext) {
}
