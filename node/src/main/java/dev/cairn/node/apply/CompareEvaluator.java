package dev.cairn.node.apply;

import com.google.protobuf.ByteString;
import dev.cairn.node.proto.etcdserverpb.Compare;
import dev.cairn.node.proto.mvccpb.KeyValue;
import dev.cairn.node.storage.mvcc.KeyRange;
import dev.cairn.node.storage.mvcc.MvccReadView;
import java.util.List;

/** Evaluates txn compares as etcd does: over every key of a range, a missing key comparing as all zeros. */
final class CompareEvaluator {
    private CompareEvaluator() {}

    static boolean all(MvccReadView view, List<Compare> compares) {
        for (Compare compare : compares) {
            if (!holds(view, compare)) {
                return false;
            }
        }
        return true;
    }

    static boolean holds(MvccReadView view, Compare compare) {
        List<KeyValue> kvs = view.range(
                KeyRange.of(compare.getKey().toByteArray(), compare.getRangeEnd().toByteArray()), 0, 0, false).kvs();
        if (kvs.isEmpty()) {
            // A missing value cannot be told apart from an empty one, so etcd fails every VALUE compare on it.
            return compare.getTarget() != Compare.CompareTarget.VALUE
                    && holds(compare, KeyValue.getDefaultInstance());
        }
        for (KeyValue kv : kvs) {
            if (!holds(compare, kv)) {
                return false;
            }
        }
        return true;
    }

    private static boolean holds(Compare compare, KeyValue kv) {
        int order = switch (compare.getTarget()) {
            case VALUE -> ByteString.unsignedLexicographicalComparator().compare(kv.getValue(), compare.getValue());
            case CREATE -> Long.compare(kv.getCreateRevision(), compare.getCreateRevision());
            case MOD -> Long.compare(kv.getModRevision(), compare.getModRevision());
            case VERSION -> Long.compare(kv.getVersion(), compare.getVersion());
            case LEASE -> Long.compare(kv.getLease(), compare.getLease());
            case UNRECOGNIZED -> 0;
        };
        return switch (compare.getResult()) {
            case EQUAL -> order == 0;
            case NOT_EQUAL -> order != 0;
            case GREATER -> order > 0;
            case LESS -> order < 0;
            case UNRECOGNIZED -> true;
        };
    }
}
