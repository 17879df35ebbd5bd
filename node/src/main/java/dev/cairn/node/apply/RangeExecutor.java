package dev.cairn.node.apply;

import com.google.protobuf.ByteString;
import dev.cairn.node.error.EtcdError;
import dev.cairn.node.proto.etcdserverpb.RangeRequest;
import dev.cairn.node.proto.etcdserverpb.RangeResponse;
import dev.cairn.node.proto.etcdserverpb.ResponseHeader;
import dev.cairn.node.proto.mvccpb.KeyValue;
import dev.cairn.node.storage.mvcc.KeyRange;
import dev.cairn.node.storage.mvcc.MvccReadView;
import dev.cairn.node.storage.mvcc.RangeResult;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;

/** etcd's Range semantics over a read view: revision, limit/more/count, filters, sort, keys_only, count_only. */
final class RangeExecutor {
    private RangeExecutor() {}

    static RangeResponse range(MvccReadView view, RangeRequest r) {
        RangeRequest.SortOrder order = effectiveOrder(r);
        boolean hasFilters = r.getMinModRevision() != 0 || r.getMaxModRevision() != 0
                || r.getMinCreateRevision() != 0 || r.getMaxCreateRevision() != 0;
        // Sorting or filtering needs every key; the limit is applied afterwards.
        boolean fetchAll = order != RangeRequest.SortOrder.NONE || hasFilters;
        long fetchLimit = fetchAll ? 0 : r.getLimit();
        RangeResult result = view.range(KeyRange.of(r.getKey().toByteArray(), r.getRangeEnd().toByteArray()),
                r.getRevision(), fetchLimit, r.getCountOnly());

        List<KeyValue> kvs = new ArrayList<>(result.kvs());
        if (hasFilters) {
            kvs.removeIf(Predicate.not(filter(r)));
        }
        if (order != RangeRequest.SortOrder.NONE) {
            Comparator<KeyValue> comparator = comparator(r.getSortTarget());
            kvs.sort(order == RangeRequest.SortOrder.DESCEND ? comparator.reversed() : comparator);
        }
        boolean more;
        if (fetchAll) {
            more = r.getLimit() > 0 && kvs.size() > r.getLimit();
            if (more) {
                kvs = kvs.subList(0, (int) r.getLimit());
            }
        } else {
            more = !r.getCountOnly() && r.getLimit() > 0 && result.count() > kvs.size();
        }
        RangeResponse.Builder response = RangeResponse.newBuilder()
                .setHeader(ResponseHeader.newBuilder().setRevision(result.revision()))
                .setCount(result.count())
                .setMore(more);
        for (KeyValue kv : kvs) {
            response.addKvs(r.getKeysOnly() ? kv.toBuilder().clearValue().build() : kv);
        }
        return response.build();
    }

    private static RangeRequest.SortOrder effectiveOrder(RangeRequest r) {
        RangeRequest.SortOrder order = r.getSortOrder();
        if (order == RangeRequest.SortOrder.UNRECOGNIZED || r.getSortTarget() == RangeRequest.SortTarget.UNRECOGNIZED) {
            throw EtcdError.INVALID_SORT_OPTION.exception();
        }
        // Results come in key order already, so only another target makes NONE mean ascending.
        if (order == RangeRequest.SortOrder.NONE && r.getSortTarget() != RangeRequest.SortTarget.KEY) {
            return RangeRequest.SortOrder.ASCEND;
        }
        return order;
    }

    private static Predicate<KeyValue> filter(RangeRequest r) {
        return kv -> (r.getMaxModRevision() == 0 || kv.getModRevision() <= r.getMaxModRevision())
                && (r.getMinModRevision() == 0 || kv.getModRevision() >= r.getMinModRevision())
                && (r.getMaxCreateRevision() == 0 || kv.getCreateRevision() <= r.getMaxCreateRevision())
                && (r.getMinCreateRevision() == 0 || kv.getCreateRevision() >= r.getMinCreateRevision());
    }

    private static Comparator<KeyValue> comparator(RangeRequest.SortTarget target) {
        Comparator<ByteString> bytes = ByteString.unsignedLexicographicalComparator();
        return switch (target) {
            case KEY -> Comparator.comparing(KeyValue::getKey, bytes);
            case VERSION -> Comparator.comparingLong(KeyValue::getVersion);
            case CREATE -> Comparator.comparingLong(KeyValue::getCreateRevision);
            case MOD -> Comparator.comparingLong(KeyValue::getModRevision);
            case VALUE -> Comparator.comparing(KeyValue::getValue, bytes);
            case UNRECOGNIZED -> throw EtcdError.INVALID_SORT_OPTION.exception();
        };
    }
}
