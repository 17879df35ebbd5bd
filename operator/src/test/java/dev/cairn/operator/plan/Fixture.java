package dev.cairn.operator.plan;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Builders for planner inputs, so that each table row states only what differs from a healthy cluster. */
final class Fixture {

    static final MemberNaming NAMING = new MemberNaming("demo", "demo-peer.ns.svc", "https", 2380);
    static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");
    static final Duration UNHEALTHY_AFTER = Duration.ofMinutes(5);
    static final long MAX_LAG = 100;
    static final String HASH = "hash-1";
    static final long LEADER_INDEX = 10_000;

    private Fixture() {
    }

    static DesiredCluster desired(int replicas) {
        return desired(replicas, HASH);
    }

    static DesiredCluster desired(int replicas, String hash) {
        return new DesiredCluster(replicas, hash, new MemberHealthPolicy(UNHEALTHY_AFTER, MAX_LAG), NAMING);
    }

    static long idOf(int ordinal) {
        return 0xA0 + ordinal;
    }

    static String initialCluster(int... ordinals) {
        List<String> parts = new ArrayList<>();
        for (int k : ordinals) {
            parts.add(NAMING.name(k) + "=" + NAMING.peerUrl(k));
        }
        return String.join(",", parts);
    }

    /** A member at an ordinal: by default a started, healthy, caught-up follower. */
    static final class MemberBuilder {
        private final int ordinal;
        private boolean learner;
        private boolean leader;
        private boolean started = true;
        private MemberHealth health = MemberHealth.healthySince(NOW.minus(Duration.ofHours(1)));
        private Optional<RaftProgress> progress = Optional.of(new RaftProgress(LEADER_INDEX, LEADER_INDEX));

        MemberBuilder(int ordinal) {
            this.ordinal = ordinal;
        }

        MemberBuilder leader() {
            leader = true;
            return this;
        }

        MemberBuilder learner() {
            learner = true;
            return this;
        }

        MemberBuilder unstarted() {
            started = false;
            health = MemberHealth.unhealthySince(NOW.minus(Duration.ofSeconds(10)));
            progress = Optional.empty();
            return this;
        }

        MemberBuilder applied(long applied) {
            progress = Optional.of(new RaftProgress(LEADER_INDEX, applied));
            return this;
        }

        MemberBuilder unhealthyFor(Duration duration) {
            health = MemberHealth.unhealthySince(NOW.minus(duration));
            progress = Optional.empty();
            return this;
        }

        ObservedMember build() {
            return new ObservedMember(idOf(ordinal), started ? NAMING.name(ordinal) : "",
                    List.of(NAMING.peerUrl(ordinal)), learner, leader, health, progress);
        }
    }

    static MemberBuilder member(int ordinal) {
        return new MemberBuilder(ordinal);
    }

    /** A slot with a ready pod on the current hash, this cluster's data and a join config of 0..2. */
    static Slot running(int ordinal) {
        return new Slot(ordinal, true, true, VolumeState.CLUSTER_DATA, Optional.of(HASH),
                Optional.of(JoinConfig.joining(initialCluster(0, 1, 2))));
    }

    static Slot slot(int ordinal, boolean pod, boolean ready, VolumeState volume, Optional<JoinConfig> config) {
        return new Slot(ordinal, pod, ready, volume, pod ? Optional.of(HASH) : Optional.empty(), config);
    }

    static Slot withHash(int ordinal, String hash) {
        return new Slot(ordinal, true, true, VolumeState.CLUSTER_DATA, Optional.of(hash),
                Optional.of(JoinConfig.joining(initialCluster(0, 1, 2))));
    }

    /** Members listed, cluster formed before; a healthy majority, if there is one, has held for a day. */
    static ObservedCluster listed(int statefulSetReplicas, List<MemberBuilder> members, List<Slot> slots) {
        List<ObservedMember> built = members.stream().map(MemberBuilder::build).toList();
        return new ObservedCluster(true, built, true, statefulSetReplicas, slots,
                ObservedCluster.hasHealthyMajority(built) ? Optional.of(NOW.minus(Duration.ofDays(1)))
                        : Optional.empty());
    }

    /** {@code cluster}, its healthy majority formed again {@code ago}. */
    static ObservedCluster quorumRegained(ObservedCluster cluster, Duration ago) {
        return new ObservedCluster(cluster.membersListed(), cluster.members(), cluster.formedBefore(),
                cluster.statefulSetReplicas(), cluster.slots(), Optional.of(NOW.minus(ago)));
    }

    /** A healthy cluster of {@code n} with member 0 leading, every slot running. */
    static ObservedCluster healthy(int n) {
        List<MemberBuilder> members = new ArrayList<>();
        List<Slot> slots = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            members.add(k == 0 ? member(k).leader() : member(k));
            slots.add(running(k));
        }
        return listed(n, members, slots);
    }

    static Decision plan(DesiredCluster desired, ObservedCluster observed) {
        return new ClusterPlanner().plan(desired, observed, NOW);
    }
}
