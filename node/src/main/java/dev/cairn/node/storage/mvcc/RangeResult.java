package dev.cairn.node.storage.mvcc;

import dev.cairn.node.proto.mvccpb.KeyValue;
import java.util.List;

/**
 * What a range read found.
 *
 * @param kvs the values, in key order, at most the requested limit (none for a count-only read)
 * @param count how many keys the range holds at that revision, regardless of the limit
 * @param revision the newest revision of the view that served the read (not the revision read at)
 */
public record RangeResult(List<KeyValue> kvs, long count, long revision) {}
