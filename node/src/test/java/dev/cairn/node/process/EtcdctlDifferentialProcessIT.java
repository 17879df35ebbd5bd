package dev.cairn.node.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.io.IOException;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs the same ordered etcdctl commands against real etcd 3.4 and against cairn, each a fresh single-member
 * cluster started as a process with identical flags, and asserts that every command's normalized stdout, stderr and
 * exit code are equal. The steps live in {@code process/etcdctl-differential.script}.
 *
 * <p>System properties: {@code cairn.jar} (set by the build) is the node jar; {@code diff.cairnCommand}, when set,
 * replaces {@code java -jar cairn.jar} with another launcher, split like a script line (e.g. {@code etcd}, to prove
 * the harness against a second etcd); {@code diff.java} overrides the java used to launch the jar.
 */
class EtcdctlDifferentialProcessIT {
    private static final String SCRIPT = "/process/etcdctl-differential.script";

    private static Path workDir;
    private static ServerProcess reference;
    private static ServerProcess candidate;
    private static ServerPair servers;

    @BeforeAll
    static void startServers() throws IOException {
        workDir = ServerPair.newWorkDir("etcdctl-diff-");
        servers = ServerPair.start(workDir);
        reference = servers.reference;
        candidate = servers.candidate;
        reference.awaitReady(etcdctlFor(reference));
        candidate.awaitReady(etcdctlFor(candidate));
    }

    @AfterAll
    static void stopServers() {
        if (servers != null) {
            servers.close();
        }
    }

    @TestFactory
    Stream<DynamicTest> sameOutputAsEtcd() {
        Etcdctl onReference = etcdctlFor(reference);
        Etcdctl onCandidate = etcdctlFor(candidate);
        OutputNormalizer referenceNormalizer = normalizerFor(reference);
        OutputNormalizer candidateNormalizer = normalizerFor(candidate);
        Transcript transcript = new Transcript(workDir.resolve("transcript.txt"));
        return EtcdctlScript.load(SCRIPT).stream().map(step -> dynamicTest(step.describe(), () -> {
            CommandOutput expected = referenceNormalizer.normalize(onReference.run(step.args(), step.stdin()));
            CommandOutput actual = candidateNormalizer.normalize(onCandidate.run(step.args(), step.stdin()));
            transcript.record(step, expected, actual);
            assertThat(actual)
                    .as(() -> differenceReport(step, expected, actual))
                    .isEqualTo(expected);
            assertThat(expected.exitCode() != 0)
                    .as("script marks %s as %s, but etcd answered:%n%s", step.describe(),
                            step.expectFailure() ? "failing" : "succeeding", expected.render())
                    .isEqualTo(step.expectFailure());
        }));
    }

    private static String differenceReport(EtcdctlScript.Step step, CommandOutput expected, CommandOutput actual) {
        String stdin = step.stdin().isEmpty() ? "" : "stdin:\n" + step.stdin();
        return "%s differs (normalized; '-' etcd, '+' %s)%n%s%n=== etcd ===%n%s%n=== %s ===%n%s%n=== diff ===%n%s%n"
                .formatted(step.describe(), candidate.label(), stdin, expected.render(), candidate.label(),
                        actual.render(), LineDiff.render(expected.render(), actual.render()))
                + "server logs and transcript.txt under " + workDir;
    }


    private static Etcdctl etcdctlFor(ServerProcess server) {
        return new Etcdctl(server.endpoint(), workDir);
    }

    private static OutputNormalizer normalizerFor(ServerProcess server) {
        return new OutputNormalizer(server.clientPort(), server.peerPort(), server.dataDir());
    }

}
