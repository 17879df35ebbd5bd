package dev.cairn.node.crash;

import dev.cairn.node.process.CommandOutput;
import dev.cairn.node.process.Etcdctl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A lease keeps its remaining TTL across a SIGKILL: with checkpoints every second, the restarted member resumes the
 * lease from its last checkpoint instead of giving it its full 60 s again. Driven with Debian's etcdctl.
 */
class LeaseCheckpointProcessIT {
    private static final List<String> CHECKPOINT_EVERY_SECOND = List.of("--experimental-lease-checkpoint-interval=1s");
    private static final Pattern GRANTED = Pattern.compile("lease ([0-9a-f]+) granted with TTL\\(60s\\)");
    private static final Pattern TIME_TO_LIVE =
            Pattern.compile("granted with TTL\\((\\d+)s\\), remaining\\((-?\\d+)s\\)");

    @TempDir
    Path work;

    @Test
    void aLeaseResumesFromItsLastCheckpointAfterSigkill() throws Exception {
        Path dataDir = work.resolve("data");
        int clientPort = CairnMemberProcess.freePort();
        int peerPort = CairnMemberProcess.freePort();
        String leaseId;
        try (CairnMemberProcess member = CairnMemberProcess.start(dataDir, clientPort, peerPort,
                work.resolve("first.log"), CHECKPOINT_EVERY_SECOND).awaitReady()) {
            Etcdctl etcdctl = new Etcdctl(member.endpoint(), work);
            Matcher granted = GRANTED.matcher(succeed(etcdctl, "lease", "grant", "60"));
            assertThat(granted.find()).as("etcdctl lease grant output").isTrue();
            leaseId = granted.group(1);
            // Several checkpoint intervals pass; the latest checkpoint is at most about two seconds old.
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                    .until(() -> remaining(etcdctl, leaseId)[1] <= 50);
            member.kill9();
        }
        try (CairnMemberProcess member = CairnMemberProcess.start(dataDir, clientPort, peerPort,
                work.resolve("second.log"), CHECKPOINT_EVERY_SECOND).awaitReady()) {
            long[] ttl = remaining(new Etcdctl(member.endpoint(), work), leaseId);
            assertThat(ttl[0]).as("granted TTL").isEqualTo(60);
            // At most about 52 s were checkpointed, plus the election timeout a new leader adds; a restart without
            // checkpoints gives 60 s plus that election timeout again.
            assertThat(ttl[1]).as("remaining TTL after the restart").isBetween(1L, 53L);
        }
    }

    private static String succeed(Etcdctl etcdctl, String... args) {
        CommandOutput output = etcdctl.run(List.of(args), null);
        assertThat(output.exitCode()).as(output.render()).isZero();
        return output.stdout();
    }

    /** The granted and remaining TTL that {@code etcdctl lease timetolive} prints. */
    private static long[] remaining(Etcdctl etcdctl, String leaseId) {
        String out = succeed(etcdctl, "lease", "timetolive", leaseId);
        Matcher m = TIME_TO_LIVE.matcher(out);
        assertThat(m.find()).as("etcdctl lease timetolive output: " + out).isTrue();
        return new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2))};
    }
}
