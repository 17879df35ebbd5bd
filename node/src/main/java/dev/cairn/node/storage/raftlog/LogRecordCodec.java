package dev.cairn.node.storage.raftlog;

import com.google.protobuf.UnsafeByteOperations;
import dev.cairn.node.proto.raft.LogRecord;
import dev.cairn.node.raft.Entry;
import dev.cairn.node.raft.EntryType;
import dev.cairn.node.raft.HardState;

/** Converts between the Raft core's types and the protobuf records stored in segments. */
final class LogRecordCodec {
    private LogRecordCodec() {
    }

    static LogRecord toRecord(Entry entry) {
        return LogRecord.newBuilder().setEntry(dev.cairn.node.proto.raft.Entry.newBuilder()
                        .setTerm(entry.term())
                        .setIndex(entry.index())
                        .setType(entry.type() == EntryType.CONF_CHANGE
                                ? dev.cairn.node.proto.raft.EntryType.CONF_CHANGE
                                : dev.cairn.node.proto.raft.EntryType.NORMAL)
                        // The entry's array is immutable by contract, so it is shared instead of copied.
                        .setData(UnsafeByteOperations.unsafeWrap(entry.data())))
                .build();
    }

    static LogRecord toRecord(HardState state) {
        return LogRecord.newBuilder().setHardState(dev.cairn.node.proto.raft.HardState.newBuilder()
                        .setTerm(state.term())
                        .setVote(state.vote())
                        .setCommit(state.commit()))
                .build();
    }

    static Entry toEntry(dev.cairn.node.proto.raft.Entry entry) {
        EntryType type = switch (entry.getType()) {
            case NORMAL -> EntryType.NORMAL;
            case CONF_CHANGE -> EntryType.CONF_CHANGE;
            case UNRECOGNIZED -> throw new IllegalArgumentException("unknown entry type " + entry.getTypeValue());
        };
        return new Entry(entry.getTerm(), entry.getIndex(), type, entry.getData().toByteArray());
    }

    static HardState toHardState(dev.cairn.node.proto.raft.HardState state) {
        return new HardState(state.getTerm(), state.getVote(), state.getCommit());
    }
}
