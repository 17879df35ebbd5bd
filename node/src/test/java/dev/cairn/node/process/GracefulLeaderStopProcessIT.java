package dev.cairn.node.process;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.node.metrics.PrometheusTextParser;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A leader stopped gracefully (SIGTERM, as systemd or Kubernetes stop a member) first hands leadership to another
 * voter, as etcd does, so the cluster does not wait out an election timeout. Two members make it observable: the
 * survivor can never win an election alone, so it sees itself become leader only through the hand-over.
 */
class GracefulLeaderStopProcessIT extends ClusterProcessTest {
    private static final String LEADER_CHANGES = "etcd_server_leader_changes_seen_total";

    @OnEveryImpl
    void aStoppingLeaderHandsLeadershipToTheOtherVoter(ClusterImpl impl) throws Exception {
        ProcessCluster cluster = loopbackCluster(impl, ClusterTiming.FAST);
        List<ClusterMember> members = cluster.formNew(2);
        ClusterMember leader = cluster.awaitLeader();
        ClusterMember survivor = members.get(0) == leader ? members.get(1) : members.get(0);
        double changesBefore = leaderChangesSeen(survivor);

        leader.stop();

        assertThat(leaderChangesSeen(survivor))
                .as("leader changes %s saw while %s stopped; its log:%n%s", survivor.name(), leader.name(),
                        survivor.logTail())
                .isEqualTo(changesBefore + 1);
    }

    private static double leaderChangesSeen(ClusterMember member) throws IOException, InterruptedException {
        URI metrics = URI.create(member.endpoints().clientUrl() + "/metrics");
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(metrics)
                .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(metrics.toString()).isEqualTo(200);
        return PrometheusTextParser.parse(response.body()).get(LEADER_CHANGES).only(LEADER_CHANGES, Map.of()).value();
    }
}
