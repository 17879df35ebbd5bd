package dev.cairn.node.peer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.node.proto.raft.RaftMessage;
import dev.cairn.node.raft.ConfState;
import dev.cairn.node.raft.Entry;
import dev.cairn.node.raft.EntryType;
import dev.cairn.node.raft.Message;
import dev.cairn.node.raft.MessageType;
import dev.cairn.node.raft.SnapshotMeta;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/** Every field of every message type survives the trip to the wire format and back, through bytes. */
class RaftMessageCodecTest {

    @ParameterizedTest
    @EnumSource(MessageType.class)
    void everyTypeRoundTripsWithAllFields(MessageType type) throws Exception {
        List<Entry> entries = List.of(
                new Entry(7, 41, EntryType.NORMAL, "put a".getBytes(StandardCharsets.UTF_8)),
                new Entry(7, 42, EntryType.CONF_CHANGE, new byte[] {1, 2, 3}),
                new Entry(8, 43, EntryType.NORMAL, null));
        SnapshotMeta meta = new SnapshotMeta(40, 6, new ConfState(Set.of(1L, 2L, 0xffffffffffffff01L), Set.of(9L)));
        // Unsigned 64-bit ids and values beyond Long.MAX_VALUE must survive as well.
        Message message = new Message(type, 0x8e9e05c52164694dL, 0xfd422379fda50e48L, 8, 7, 40, entries, 39, true,
                38, 0xdeadbeefcafef00dL, meta);

        RaftMessage proto = RaftMessage.parseFrom(RaftMessageCodec.toProto(message, 0xcdf818194e3a8c32L).toByteArray());

        assertThat(proto.getClusterId()).isEqualTo(0xcdf818194e3a8c32L);
        assertThat(proto.getType().name()).isEqualTo(type.name());
        assertThat(RaftMessageCodec.fromProto(proto)).isEqualTo(message);
    }

    @Test
    void aMessageWithoutEntriesOrSnapshotRoundTripsToTheSame() throws Exception {
        Message vote = new Message(MessageType.PRE_VOTE_RESPONSE, 2, 1, 5, 0, 0, List.of(), 0, false, 0, 0, null);
        RaftMessage proto = RaftMessage.parseFrom(RaftMessageCodec.toProto(vote, 1).toByteArray());
        assertThat(proto.hasSnapshot()).isFalse();
        assertThat(RaftMessageCodec.fromProto(proto)).isEqualTo(vote);
    }

    @Test
    void wireTypesMatchTheCoreTypesByName() {
        for (MessageType type : MessageType.values()) {
            assertThat(dev.cairn.node.proto.raft.MessageType.valueOf(type.name()).getNumber()).isEqualTo(type.ordinal());
        }
    }

    @Test
    void unknownTypesAreRefused() {
        assertThatThrownBy(() -> RaftMessageCodec.fromProto(RaftMessage.newBuilder().setTypeValue(99).build()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown raft message type 99");
        assertThatThrownBy(() -> RaftMessageCodec.fromProto(RaftMessage.newBuilder()
                .addEntries(dev.cairn.node.proto.raft.Entry.newBuilder().setIndex(1).setTypeValue(5)).build()))
                .hasMessage("unknown entry type 5");
    }
}
