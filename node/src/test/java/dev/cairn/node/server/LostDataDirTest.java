package dev.cairn.node.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.node.lease.LeaseCheckpointPolicy;
import dev.cairn.node.proto.etcdserverpb.Member;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A member joining an existing cluster on an empty data dir: refused when it has run before, let in otherwise. */
class LostDataDirTest {
    private static final String PEER_URL = "http://127.0.0.1:12380";
    private static final String OWN_PEER_URL = "http://127.0.0.1:22380";
    private static final long CLUSTER_ID = 0x1234_5678L;
    private static final long OWN_ID = 0xabcdef0123L;

    @TempDir
    Path dataDir;

    @Test
    void anEmptyDataDirOfAMemberTheClusterListsByNameIsRefused() {
        ClusterDirectory directory = listing("n2");

        assertThatThrownBy(() -> RecoveredState.open(joining(), directory))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("data dir is empty")
                .hasMessageContaining("member n2 (id abcdef0123)")
                .hasMessageContaining("`etcdctl member remove abcdef0123`")
                .hasMessageContaining("`etcdctl member add n2 --peer-urls=" + OWN_PEER_URL + "`");
    }

    @Test
    void aMemberThatNeverStartedJoinsOnAnEmptyDataDir() {
        RecoveredState state = RecoveredState.open(joining(), listing(""));
        try {
            assertThat(state.membership().localId()).isEqualTo(OWN_ID);
            assertThat(state.membership().clusterId()).isEqualTo(CLUSTER_ID);
        } finally {
            state.log().close();
            state.store().close();
        }
    }

    @Test
    void aJoinedMemberRestartsOnItsOwnDataEvenThoughTheClusterNowListsItByName() {
        RecoveredState first = RecoveredState.open(joining(), listing(""));
        first.log().close();
        first.store().close();

        RecoveredState again = RecoveredState.open(joining(), listing("n2"));
        try {
            assertThat(again.membership().localId()).isEqualTo(OWN_ID);
        } finally {
            again.log().close();
            again.store().close();
        }
    }

    /** The running cluster: n1, and this member listed under {@code ownName} ("" until it has started). */
    private static ClusterDirectory listing(String ownName) {
        List<Member> members = List.of(
                Member.newBuilder().setID(0x11L).setName("n1").addPeerURLs(PEER_URL).build(),
                Member.newBuilder().setID(OWN_ID).setName(ownName).addPeerURLs(OWN_PEER_URL).build());
        return peerUrls -> Optional.of(new ClusterDirectory.RemoteCluster(CLUSTER_ID, members));
    }

    private ServerSettings joining() {
        return new ServerSettings("n2", dataDir, null, Map.of("n1", List.of(PEER_URL), "n2", List.of(OWN_PEER_URL)),
                false, "token", List.of(OWN_PEER_URL), List.of("http://127.0.0.1:22379"), 100_000,
                Duration.ofMillis(100), Duration.ofMillis(1000), 128, 1_572_864, 0, LeaseCheckpointPolicy.DISABLED,
                Duration.ofMinutes(10), true, 5_000);
    }
}
