package dev.cairn.node.apply;

import dev.cairn.node.proto.etcdserverpb.CompactionResponse;
import java.util.concurrent.CompletableFuture;

/**
 * The answer to a Compact request: the response, and a future completing when the compacted revisions are gone from
 * disk (after the batch commits), for a caller that asked for {@code physical=true}.
 */
public record CompactResult(CompactionResponse response, CompletableFuture<Void> physicalDone) {}
