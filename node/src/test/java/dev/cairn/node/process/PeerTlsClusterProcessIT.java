package dev.cairn.node.process;

import static dev.cairn.node.process.ClusterChecks.assertConvergedWithNoLostWrite;
import static dev.cairn.node.process.ClusterChecks.assertReads;
import static dev.cairn.node.process.ClusterChecks.put;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.node.tls.TestCertificates;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Members that speak to each other only over mutual TLS (https peer URLs, etcd's peer flags, certificates of one CA):
 * the cluster forms, replicates and rides out the loss of its leader, on cairn as on etcd.
 */
class PeerTlsClusterProcessIT extends ClusterProcessTest {
    @OnEveryImpl
    void aClusterOnPeerMutualTlsFormsReplicatesAndFailsOver(ClusterImpl impl) throws IOException {
        Path certDir = Files.createDirectories(workDir.resolve("certs"));
        TestCertificates certs = TestCertificates.create(certDir, "peer-ca");
        List<String> flags = new ArrayList<>(ClusterTiming.FAST.flags());
        flags.addAll(List.of("--peer-cert-file", certs.serverCert.toString(),
                "--peer-key-file", certs.serverKey.toString(),
                "--peer-trusted-ca-file", certs.caCert.toString(),
                "--peer-client-cert-auth"));
        ProcessCluster cluster = cluster(impl, new LoopbackNetwork("https"), new ClusterTiming(flags));
        List<ClusterMember> members = cluster.formNew(3);
        assertThat(members).allSatisfy(member -> assertThat(member.endpoints().peerUrl()).startsWith("https://"));

        put(members.getFirst().ctl(), "over-tls", "yes");
        members.forEach(member -> assertReads(member, "over-tls", "yes"));

        SteadyWriter writer = lifecycle.closeAfter(
                SteadyWriter.start("tls/", cluster::ctl, 5_000, Duration.ofMinutes(2)));
        writer.awaitMoreAcknowledged(10, Duration.ofSeconds(30));
        ClusterMember leader = cluster.awaitLeader();
        leader.kill();
        assertThat(cluster.awaitLeader()).isNotSameAs(leader);
        writer.awaitMoreAcknowledged(10, Duration.ofSeconds(30));
        leader.restart();
        leader.awaitHealthy();
        writer.stop();
        assertConvergedWithNoLostWrite(members, writer);
    }
}
