package dev.cairn.node.peer;

import com.google.protobuf.UnsafeByteOperations;
import dev.cairn.node.proto.raft.RaftMessage;
import dev.cairn.node.proto.raft.SnapshotMetadata;
import dev.cairn.node.raft.ConfState;
import dev.cairn.node.raft.Entry;
import dev.cairn.node.raft.EntryType;
import dev.cairn.node.raft.Message;
import dev.cairn.node.raft.MessageType;
import dev.cairn.node.raft.SnapshotMeta;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

/** Converts Raft messages between the core's types and the peer wire format, in both directions. */
public final class RaftMessageCodec {

    private RaftMessageCodec() {
    }

    public static RaftMessage toProto(Message message, long clusterId) {
        RaftMessage.Builder builder = RaftMessage.newBuilder()
                .setType(toProto(message.type()))
                .setFrom(message.from())
                .setTo(message.to())
                .setTerm(message.term())
                .setLogTerm(message.logTerm())
                .setIndex(message.index())
                .setCommit(message.commit())
                .setReject(message.reject())
                .setRejectHint(message.rejectHint())
                .setContext(message.context())
                .setClusterId(clusterId);
        for (Entry entry : message.entries()) {
            builder.addEntries(dev.cairn.node.proto.raft.Entry.newBuilder()
                    .setTerm(entry.term())
                    .setIndex(entry.index())
                    .setType(entry.type() == EntryType.CONF_CHANGE
                            ? dev.cairn.node.proto.raft.EntryType.CONF_CHANGE
                            : dev.cairn.node.proto.raft.EntryType.NORMAL)
                    // Entry data is immutable by contract, so it is shared instead of copied.
                    .setData(UnsafeByteOperations.unsafeWrap(entry.data())));
        }
        if (message.snapshot() != null) {
            builder.setSnapshot(toProto(message.snapshot()));
        }
        return builder.build();
    }

    /** @throws IllegalArgumentException when the message holds a value the core's types cannot represent */
    public static Message fromProto(RaftMessage message) {
        List<Entry> entries = new ArrayList<>(message.getEntriesCount());
        for (dev.cairn.node.proto.raft.Entry entry : message.getEntriesList()) {
            EntryType type = switch (entry.getType()) {
                case NORMAL -> EntryType.NORMAL;
                case CONF_CHANGE -> EntryType.CONF_CHANGE;
                case UNRECOGNIZED -> throw new IllegalArgumentException("unknown entry type " + entry.getTypeValue());
            };
            entries.add(new Entry(entry.getTerm(), entry.getIndex(), type, entry.getData().toByteArray()));
        }
        return new Message(fromProto(message.getType(), message.getTypeValue()), message.getFrom(), message.getTo(),
                message.getTerm(), message.getLogTerm(), message.getIndex(), entries, message.getCommit(),
                message.getReject(), message.getRejectHint(), message.getContext(),
                message.hasSnapshot() ? fromProto(message.getSnapshot()) : null);
    }

    static SnapshotMetadata toProto(SnapshotMeta meta) {
        return SnapshotMetadata.newBuilder()
                .setIndex(meta.index())
                .setTerm(meta.term())
                .addAllVoters(meta.conf().voters())
                .addAllLearners(meta.conf().learners())
                .build();
    }

    static SnapshotMeta fromProto(SnapshotMetadata meta) {
        return new SnapshotMeta(meta.getIndex(), meta.getTerm(),
                new ConfState(new HashSet<>(meta.getVotersList()), new HashSet<>(meta.getLearnersList())));
    }

    private static dev.cairn.node.proto.raft.MessageType toProto(MessageType type) {
        return switch (type) {
            case APPEND -> dev.cairn.node.proto.raft.MessageType.APPEND;
            case APPEND_RESPONSE -> dev.cairn.node.proto.raft.MessageType.APPEND_RESPONSE;
            case VOTE -> dev.cairn.node.proto.raft.MessageType.VOTE;
            case VOTE_RESPONSE -> dev.cairn.node.proto.raft.MessageType.VOTE_RESPONSE;
            case PRE_VOTE -> dev.cairn.node.proto.raft.MessageType.PRE_VOTE;
            case PRE_VOTE_RESPONSE -> dev.cairn.node.proto.raft.MessageType.PRE_VOTE_RESPONSE;
            case HEARTBEAT -> dev.cairn.node.proto.raft.MessageType.HEARTBEAT;
            case HEARTBEAT_RESPONSE -> dev.cairn.node.proto.raft.MessageType.HEARTBEAT_RESPONSE;
            case TIMEOUT_NOW -> dev.cairn.node.proto.raft.MessageType.TIMEOUT_NOW;
            case SNAPSHOT -> dev.cairn.node.proto.raft.MessageType.SNAPSHOT;
            case PROPOSE -> dev.cairn.node.proto.raft.MessageType.PROPOSE;
            case READ_INDEX -> dev.cairn.node.proto.raft.MessageType.READ_INDEX;
            case READ_INDEX_RESPONSE -> dev.cairn.node.proto.raft.MessageType.READ_INDEX_RESPONSE;
        };
    }

    private static MessageType fromProto(dev.cairn.node.proto.raft.MessageType type, int wireValue) {
        return switch (type) {
            case APPEND -> MessageType.APPEND;
            case APPEND_RESPONSE -> MessageType.APPEND_RESPONSE;
            case VOTE -> MessageType.VOTE;
            case VOTE_RESPONSE -> MessageType.VOTE_RESPONSE;
            case PRE_VOTE -> MessageType.PRE_VOTE;
            case PRE_VOTE_RESPONSE -> MessageType.PRE_VOTE_RESPONSE;
            case HEARTBEAT -> MessageType.HEARTBEAT;
            case HEARTBEAT_RESPONSE -> MessageType.HEARTBEAT_RESPONSE;
            case TIMEOUT_NOW -> MessageType.TIMEOUT_NOW;
            case SNAPSHOT -> MessageType.SNAPSHOT;
            case PROPOSE -> MessageType.PROPOSE;
            case READ_INDEX -> MessageType.READ_INDEX;
            case READ_INDEX_RESPONSE -> MessageType.READ_INDEX_RESPONSE;
            case UNRECOGNIZED -> throw new IllegalArgumentException("unknown raft message type " + wireValue);
        };
    }
}
