package dev.cairn.node.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Assertions over every member of a cluster: converged content and no lost acknowledged write. */
final class ClusterChecks {
    private static final Duration CONVERGE_TIMEOUT = Duration.ofSeconds(60);
    private static final Pattern HASH = Pattern.compile("\"hash\":(\\d+)");
    private static final Pattern REVISION = Pattern.compile("\"revision\":(\\d+)");

    private ClusterChecks() {
    }

    /** The content fingerprint of one member: its revision and {@code endpoint hashkv} at that revision. */
    record HashKv(long revision, long hash) {
    }

    static HashKv hashKv(ClusterMember member) {
        CommandOutput output = member.ctl().run(List.of("endpoint", "hashkv", "-w", "json"), "");
        if (output.exitCode() != 0) {
            throw new AssertionError("endpoint hashkv on " + member + " failed: " + output.render());
        }
        return new HashKv(MemberStatus.number(output.stdout(), REVISION), MemberStatus.number(output.stdout(), HASH));
    }

    /** Polls until every member reports the same revision and the same {@code endpoint hashkv}. */
    static void awaitEqualHashKv(List<ClusterMember> members) {
        await("equal endpoint hashkv on " + members)
                .atMost(CONVERGE_TIMEOUT)
                .pollInterval(Duration.ofMillis(250))
                .untilAsserted(() -> {
                    Map<String, HashKv> seen = new LinkedHashMap<>();
                    for (ClusterMember member : members) {
                        seen.put(member.name(), hashKv(member));
                    }
                    assertThat(seen.values().stream().distinct().count()).as("hashkv per member: " + seen)
                            .isEqualTo(1);
                });
    }

    /**
     * Reads every key under {@code prefix} from each member's own store ({@code --consistency=s}) and asserts each
     * holds every acknowledged write.
     */
    static void assertHoldsAll(List<ClusterMember> members, String prefix, Map<String, String> acknowledged) {
        for (ClusterMember member : members) {
            Map<String, String> stored = readPrefix(member, prefix);
            Map<String, String> missing = new HashMap<>(acknowledged);
            missing.entrySet().removeIf(entry -> entry.getValue().equals(stored.get(entry.getKey())));
            assertThat(missing).as("acknowledged writes missing or changed on " + member + " (of "
                    + acknowledged.size() + ")").isEmpty();
        }
    }

    /** Waits for equal hashkv on {@code members}, then checks each holds every acknowledged write of the writer. */
    static void assertConvergedWithNoLostWrite(List<ClusterMember> members, SteadyWriter writer) {
        awaitEqualHashKv(members);
        assertHoldsAll(members, writer.prefix(), writer.acknowledged());
    }

    static Map<String, String> readPrefix(ClusterMember member, String prefix) {
        CommandOutput output = member.ctl().run(List.of("get", prefix, "--prefix", "--consistency=s"), "");
        if (output.exitCode() != 0) {
            throw new AssertionError("serializable get on " + member + " failed: " + output.render());
        }
        // etcdctl prints key and value on lines of their own; the writer's keys and values hold no newline
        String[] lines = output.stdout().split("\n");
        if (lines.length % 2 != 0 && !output.stdout().isEmpty()) {
            throw new AssertionError("odd number of lines from get on " + member + ":\n" + output.stdout());
        }
        Map<String, String> stored = new HashMap<>();
        for (int i = 0; i + 1 < lines.length; i += 2) {
            stored.put(lines[i], lines[i + 1]);
        }
        return stored;
    }

    /** A linearizable get of {@code key} on {@code member}, asserting it returns {@code value}. */
    static void assertReads(ClusterMember member, String key, String value) {
        CommandOutput output = member.ctl().run(List.of("get", key, "--print-value-only"), "");
        assertThat(output.exitCode()).as("get " + key + " on " + member + ": " + output.render()).isZero();
        assertThat(output.stdout()).as("value of " + key + " on " + member).isEqualTo(value + "\n");
    }

    /** A put through {@code member} that must be acknowledged. */
    static void put(Etcdctl ctl, String key, String value) {
        CommandOutput output = ctl.run(List.of("put", key, value), "");
        assertThat(output.exitCode()).as("put " + key + ": " + output.render()).isZero();
        assertThat(output.stdout()).isEqualTo("OK\n");
    }
}
