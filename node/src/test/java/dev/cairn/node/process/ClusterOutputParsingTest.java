package dev.cairn.node.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;

/** The cluster harness reads etcdctl's member list, member add and endpoint status output (captured from 3.4). */
class ClusterOutputParsingTest {

    @Test
    void memberListLinesIncludingAnUnstartedMember() {
        String stdout = """
                280017e289a62e52, unstarted, , http://127.0.0.1:23803, , false
                bb7d371eb677b2bf, started, a, http://127.0.0.1:23801, http://127.0.0.1:23701, true
                """;

        assertThat(MemberInfo.parseList(stdout)).containsExactly(
                new MemberInfo("280017e289a62e52", false, "", "http://127.0.0.1:23803", "", false),
                new MemberInfo("bb7d371eb677b2bf", true, "a", "http://127.0.0.1:23801", "http://127.0.0.1:23701",
                        true));
    }

    @Test
    void memberListRejectsALineOfAnotherShape() {
        assertThatThrownBy(() -> MemberInfo.parseList("bb7d371eb677b2bf, started, a\n"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a member list line");
        assertThatThrownBy(() -> MemberInfo.parseList("bb7d, starting, a, p, c, false\n"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown member status");
    }

    @Test
    void memberAddOutputWithPaddedIdsAndTheSettingsToStartWith() {
        String stdout = """
                Member  5e297625baddd9e added to cluster d400300872284ec2

                ETCD_NAME="c"
                ETCD_INITIAL_CLUSTER="c=http://127.0.0.1:23803,a=http://127.0.0.1:23801"
                ETCD_INITIAL_ADVERTISE_PEER_URLS="http://127.0.0.1:23803"
                ETCD_INITIAL_CLUSTER_STATE="existing"
                """;

        MemberAddOutput added = MemberAddOutput.parse(stdout);

        assertThat(added.memberId()).isEqualTo("5e297625baddd9e");
        assertThat(added.environment()).isEqualTo(Map.of(
                "ETCD_NAME", "c",
                "ETCD_INITIAL_CLUSTER", "c=http://127.0.0.1:23803,a=http://127.0.0.1:23801",
                "ETCD_INITIAL_ADVERTISE_PEER_URLS", "http://127.0.0.1:23803",
                "ETCD_INITIAL_CLUSTER_STATE", "existing"));
        assertThatThrownBy(() -> MemberAddOutput.parse("Error: etcdserver: unhealthy cluster\n"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void endpointStatusWithUnsignedIdsAndWithoutALeader() {
        String led = "[{\"Endpoint\":\"http://127.0.0.1:23703\",\"Status\":{\"header\":{\"cluster_id\":"
                + "15276262748873838274,\"member_id\":16322613195064898111,\"revision\":1,\"raft_term\":2},"
                + "\"version\":\"3.4.23\",\"dbSize\":20480,\"leader\":16322613195064898111,\"raftIndex\":8}}]";
        String leaderless = "[{\"Endpoint\":\"http://127.0.0.1:36211\",\"Status\":{\"header\":{\"cluster_id\":"
                + "11651865586208355873,\"member_id\":5303474902600168587,\"revision\":24,\"raft_term\":2},"
                + "\"raftIndex\":35,\"errors\":[\"etcdserver: no leader\"]}}]";

        MemberStatus leader = MemberStatus.parse(led);
        MemberStatus orphan = MemberStatus.parse(leaderless);

        assertThat(leader).isEqualTo(new MemberStatus("e285923851f2723f", "e285923851f2723f"));
        assertThat(leader.isLeader()).isTrue();
        assertThat(orphan).isEqualTo(new MemberStatus("4999ba532caeb48b", MemberStatus.NO_LEADER));
        assertThat(orphan.isLeader()).isFalse();
    }
}
