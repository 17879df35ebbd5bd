package dev.cairn.operator.plan;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * A tiny model of etcd plus the Kubernetes parts the planner acts on (StatefulSet controller, pods, claims,
 * published join configurations), enough to replay the planner's steps and check the safety rules after
 * every event. etcd's API answers are modelled on etcd's own checks (learner limit, duplicate peer URL,
 * promote only when in sync, quorum needed for membership changes). Time moves only in {@link #tick()}.
 */
final class SimulatedWorld {

    static final Duration TICK = Duration.ofSeconds(10);
    private static final long INDEX_PER_TICK = 10;
    /** How far a learner (from nothing) and a restarted voter (from {@link #RESTART_LAG} behind) catch up. */
    private static final long LEARNER_CATCH_UP_PER_TICK = 400;
    private static final long VOTER_CATCH_UP_PER_TICK = 100;
    private static final long RESTART_LAG = 300;

    /** A rule the planner must never break; failing it fails the test with the seed in the message. */
    static final class Violation extends RuntimeException {
        Violation(String message) {
            super(message);
        }
    }

    private static final class Member {
        final long id;
        final int ordinal;
        boolean learner;
        boolean started;
        long applied;
        boolean healthy;
        Instant healthSince;

        Member(long id, int ordinal, Instant now) {
            this.id = id;
            this.ordinal = ordinal;
            this.healthSince = now;
        }
    }

    private static final class Pod {
        final String configHash;
        boolean ready;
        int age;

        Pod(String configHash) {
            this.configHash = configHash;
        }
    }

    private static final class Claim {
        VolumeState content = VolumeState.EMPTY;
        boolean reported;
        boolean deleting;
        /** A broken disk: the member on it cannot start until the claim is replaced. */
        boolean broken;
    }

    private final MemberNaming naming;
    private final Random random;
    private Instant now = Fixture.NOW;
    private Instant quorumSince;
    private final TreeMap<Long, Member> members = new TreeMap<>();
    private final TreeMap<Integer, Pod> pods = new TreeMap<>();
    private final TreeMap<Integer, Claim> claims = new TreeMap<>();
    private final TreeMap<Integer, JoinConfig> joinConfigs = new TreeMap<>();
    private int statefulSetReplicas;
    private String templateHash;
    private long raftIndex = 1_000;
    private Long leaderId;
    private boolean formed;
    private int bootstrapSize;
    private int desiredReplicas;
    private final List<String> refusals = new ArrayList<>();

    SimulatedWorld(MemberNaming naming, String templateHash, Random random) {
        this.naming = naming;
        this.templateHash = templateHash;
        this.random = random;
    }

    Instant now() {
        return now;
    }

    /** The spec as the reconciler would carry it into the StatefulSet template (and the invariant checks). */
    void specChanged(int replicas, String hash) {
        desiredReplicas = replicas;
        templateHash = hash;
    }

    List<String> refusals() {
        return List.copyOf(refusals);
    }

    // ---------------------------------------------------------------- observation

    ObservedCluster observe() {
        List<Slot> slots = new ArrayList<>();
        for (int k : occupied()) {
            Pod pod = pods.get(k);
            slots.add(new Slot(k, pod != null, pod != null && pod.ready, volumeOf(k),
                    Optional.ofNullable(pod).map(p -> p.configHash), Optional.ofNullable(joinConfigs.get(k))));
        }
        boolean answering = members.values().stream().anyMatch(m -> m.healthy);
        if (!answering) {
            quorumSince = null;
            return ObservedCluster.unreachable(formed, statefulSetReplicas, slots);
        }
        Long leader = hasQuorum() ? leaderId : null;
        List<ObservedMember> list = members.values().stream().map(m -> new ObservedMember(m.id,
                m.started ? naming.name(m.ordinal) : "", List.of(naming.peerUrl(m.ordinal)), m.learner,
                leader != null && leader == m.id, new MemberHealth(m.healthy, m.healthSince),
                m.healthy ? Optional.of(new RaftProgress(raftIndex, m.applied)) : Optional.empty())).toList();
        if (!ObservedCluster.hasHealthyMajority(list)) {
            quorumSince = null;
        } else if (quorumSince == null) {
            quorumSince = now;
        }
        return new ObservedCluster(true, list, formed, statefulSetReplicas, slots, Optional.ofNullable(quorumSince));
    }

    private VolumeState volumeOf(int ordinal) {
        Claim claim = claims.get(ordinal);
        if (claim == null) {
            return VolumeState.ABSENT;
        }
        if (claim.deleting) {
            return VolumeState.DELETING;
        }
        return claim.reported ? claim.content : VolumeState.UNKNOWN;
    }

    private List<Integer> occupied() {
        java.util.TreeSet<Integer> all = new java.util.TreeSet<>(pods.keySet());
        all.addAll(claims.keySet());
        all.addAll(joinConfigs.keySet());
        return List.copyOf(all);
    }

    // ---------------------------------------------------------------- the operator's actions

    /**
     * Applies a step as the reconciler would. {@code crashMidway} stops a step made of several writes after
     * the first one (only {@link Step.Bootstrap} has several). Answers false when the API refused it.
     */
    boolean apply(Step step, boolean crashMidway) {
        return switch (step) {
            case Step.Bootstrap b -> bootstrap(b, crashMidway);
            case Step.AddLearner a -> addLearner(a);
            case Step.WriteJoinConfig w -> {
                joinConfigs.put(w.ordinal(), w.config());
                yield true;
            }
            case Step.PromoteLearner p -> promote(p.memberId());
            case Step.MoveLeader m -> moveLeader(m.toMemberId());
            case Step.RemoveMember r -> remove(r.memberId());
            case Step.ScaleStatefulSet s -> {
                statefulSetReplicas = s.replicas();
                yield true;
            }
            case Step.DeletePvc d -> deleteClaim(d.ordinal());
            case Step.DeletePod d -> {
                pods.remove(d.ordinal());
                yield true;
            }
            case Step.RollPod r -> roll(r.ordinal());
            case Step.ReportDegraded r -> true;
            case Step.Wait w -> true;
            case Step.Done d -> true;
        };
    }

    private boolean bootstrap(Step.Bootstrap step, boolean crashMidway) {
        if (formed || !members.isEmpty()) {
            throw new Violation("Bootstrap while a cluster exists: " + step);
        }
        for (int k = 0; k < step.replicas(); k++) {
            joinConfigs.put(k, new JoinConfig(InitialClusterState.NEW, step.initialCluster()));
            if (crashMidway && k == 0) {
                return true;
            }
        }
        bootstrapSize = step.replicas();
        statefulSetReplicas = step.replicas();
        return true;
    }

    private boolean addLearner(Step.AddLearner step) {
        if (!hasQuorum()) {
            return refuse("member add: no leader");
        }
        if (members.values().stream().anyMatch(m -> m.learner)) {
            return refuse("member add: too many learner members in cluster");
        }
        if (members.values().stream().anyMatch(m -> m.ordinal == step.ordinal())) {
            return refuse("member add: Peer URLs already exists");
        }
        if (!step.peerUrl().equals(naming.peerUrl(step.ordinal()))) {
            throw new Violation("learner for ordinal " + step.ordinal() + " with peer URL " + step.peerUrl());
        }
        Member member = new Member(newId(), step.ordinal(), now);
        member.learner = true;
        members.put(member.id, member);
        return true;
    }

    private boolean promote(long id) {
        Member member = members.get(id);
        if (member == null || !member.learner) {
            return refuse("member promote: not a learner");
        }
        if (!hasQuorum()) {
            return refuse("member promote: no leader");
        }
        if (!member.started || member.applied < raftIndex * 0.9) {
            return refuse("member promote: can only promote a learner member which is in sync with leader");
        }
        member.learner = false;
        return true;
    }

    private boolean moveLeader(long to) {
        Member target = members.get(to);
        if (target == null || target.learner || !target.healthy || !hasQuorum()) {
            return refuse("move leader: bad leader transferee");
        }
        leaderId = to;
        return true;
    }

    private boolean remove(long id) {
        Member member = members.get(id);
        if (member == null) {
            return refuse("member remove: member not found");
        }
        if (!hasQuorum()) {
            return refuse("member remove: no leader");
        }
        if (!member.learner) {
            if (leaderId != null && leaderId == id) {
                throw new Violation("removed the leader " + naming.name(member.ordinal) + " without moving leadership");
            }
            if (members.values().stream().anyMatch(m -> m.learner)) {
                throw new Violation("removed a voter while a learner is pending");
            }
            for (int k = 0; k < desiredReplicas; k++) {
                int ordinal = k;
                if (ordinal != member.ordinal && members.values().stream().noneMatch(m -> m.ordinal == ordinal)) {
                    throw new Violation("removed " + naming.name(member.ordinal) + " while ordinal " + k
                            + " is still being replaced");
                }
            }
        }
        members.remove(id);
        if (!hasQuorum() && formed) {
            throw new Violation("removing " + naming.name(member.ordinal) + " lost quorum");
        }
        Pod pod = pods.get(member.ordinal);
        if (pod != null) {
            pod.ready = false; // the node exits: it was removed from the cluster
        }
        return true;
    }

    private boolean deleteClaim(int ordinal) {
        if (members.values().stream().anyMatch(m -> m.ordinal == ordinal)) {
            throw new Violation("deleted the volume claim of member " + naming.name(ordinal));
        }
        Claim claim = claims.get(ordinal);
        if (claim != null) {
            claim.deleting = true;
        }
        return true;
    }

    private boolean roll(int ordinal) {
        for (Member m : members.values()) {
            if (!m.healthy || m.learner) {
                throw new Violation("rolled " + naming.name(ordinal) + " while " + naming.name(m.ordinal)
                        + " is not a healthy voter");
            }
        }
        if (leaderId != null && members.get(leaderId).ordinal == ordinal && voters() > 1) {
            throw new Violation("rolled the leader " + naming.name(ordinal) + " without moving leadership");
        }
        pods.remove(ordinal);
        return true;
    }

    private boolean refuse(String error) {
        refusals.add(error);
        return false;
    }

    private long newId() {
        long id;
        do {
            id = random.nextLong() & Long.MAX_VALUE;
        } while (id == 0 || members.containsKey(id));
        return id;
    }

    // ---------------------------------------------------------------- faults

    /** The volume of a member is wiped (a new disk, a restore gone wrong); its pod restarts. */
    void wipeVolume(int ordinal) {
        Claim claim = claims.get(ordinal);
        if (claim != null) {
            claim.content = VolumeState.EMPTY;
            claim.reported = true;
            pods.remove(ordinal);
        }
    }

    /** The disk of a member breaks: its node cannot start until the claim is replaced. */
    void breakVolume(int ordinal) {
        Claim claim = claims.get(ordinal);
        if (claim != null) {
            claim.broken = true;
            pods.remove(ordinal);
        }
    }

    // ---------------------------------------------------------------- time

    void tick() {
        now = now.plus(TICK);
        runStatefulSetController();
        startPods();
        electLeader();
        raftIndex += INDEX_PER_TICK;
        for (Member m : members.values()) {
            if (m.started && m.healthy) {
                m.applied = Math.min(raftIndex, m.applied + (m.learner ? LEARNER_CATCH_UP_PER_TICK : VOTER_CATCH_UP_PER_TICK));
            }
        }
        updateHealth();
        if (!formed && hasQuorum() && members.values().stream().anyMatch(m -> m.healthy)) {
            formed = true;
        }
    }

    private void runStatefulSetController() {
        Optional<Integer> extra = pods.keySet().stream().filter(k -> k >= statefulSetReplicas)
                .max(Comparator.naturalOrder());
        extra.ifPresent(pods::remove);
        claims.entrySet().removeIf(e -> e.getValue().deleting && !pods.containsKey(e.getKey()));
        for (int k = 0; k < statefulSetReplicas; k++) {
            if (!pods.containsKey(k)) {
                claims.computeIfAbsent(k, ordinal -> new Claim());
                pods.put(k, new Pod(templateHash));
            }
        }
    }

    private void startPods() {
        for (var entry : pods.entrySet()) {
            int k = entry.getKey();
            Pod pod = entry.getValue();
            Claim claim = claims.get(k);
            pod.age++;
            if (claim == null || claim.deleting) {
                pod.ready = false;
                continue;
            }
            claim.reported = true; // the init container reports what the volume holds
            if (!pod.ready && !claim.broken && pod.age > 1) {
                pod.ready = startNode(k, claim);
            }
        }
        for (Member m : members.values()) {
            Pod pod = pods.get(m.ordinal);
            if (pod == null || !pod.ready) {
                continue;
            }
            Claim claim = claims.get(m.ordinal);
            if (claim == null || claim.content != VolumeState.CLUSTER_DATA) {
                pod.ready = false;
            }
        }
        formFromBootstrap();
    }

    /** What the node does when its pod starts; true when it runs as a member. */
    private boolean startNode(int ordinal, Claim claim) {
        Optional<Member> member = members.values().stream().filter(m -> m.ordinal == ordinal).findFirst();
        JoinConfig config = joinConfigs.get(ordinal);
        switch (claim.content) {
            case CLUSTER_DATA -> {
                // Restart on its own data: fine while it is a member (a removed member's node exits).
                if (member.isPresent() && member.get().started) {
                    member.get().applied = Math.max(0, raftIndex - RESTART_LAG);
                    return true;
                }
                return false;
            }
            case EMPTY -> {
                if (config == null) {
                    return false;
                }
                if (config.state() == InitialClusterState.NEW) {
                    if (formed && (member.isEmpty() || member.get().started)) {
                        throw new Violation(naming.name(ordinal) + " started empty with initial-cluster-state new"
                                + " after the cluster formed");
                    }
                    claim.content = VolumeState.CLUSTER_DATA;
                    if (member.isPresent()) {
                        member.get().started = true;
                        return true;
                    }
                    return false; // waits for its bootstrap peers
                }
                if (member.isEmpty() || member.get().started) {
                    return false; // etcd refuses: not in the cluster, or its data is gone
                }
                if (!config.initialCluster().equals(expectedInitialCluster())) {
                    return false; // etcd refuses: initial-cluster does not match the member list
                }
                claim.content = VolumeState.CLUSTER_DATA;
                member.get().started = true;
                member.get().applied = 0;
                return true;
            }
            default -> {
                return false;
            }
        }
    }

    /** Bootstrap pods that have written their data form the cluster once a majority is up. */
    private void formFromBootstrap() {
        if (!members.isEmpty() || bootstrapSize == 0) {
            return;
        }
        long waiting = claims.entrySet().stream().filter(e -> e.getKey() < bootstrapSize
                && e.getValue().content == VolumeState.CLUSTER_DATA && pods.containsKey(e.getKey())).count();
        if (waiting <= bootstrapSize / 2) {
            return;
        }
        for (int k = 0; k < bootstrapSize; k++) {
            Member member = new Member(newId(), k, now);
            Claim claim = claims.get(k);
            member.started = claim != null && claim.content == VolumeState.CLUSTER_DATA && pods.containsKey(k);
            member.applied = raftIndex;
            members.put(member.id, member);
            if (member.started) {
                pods.get(k).ready = true;
            }
        }
    }

    private String expectedInitialCluster() {
        return members.values().stream().sorted(Comparator.comparingInt(m -> m.ordinal))
                .map(m -> naming.name(m.ordinal) + "=" + naming.peerUrl(m.ordinal)).collect(Collectors.joining(","));
    }

    private void updateHealth() {
        for (Member m : members.values()) {
            Pod pod = pods.get(m.ordinal);
            boolean healthy = m.started && pod != null && pod.ready;
            if (healthy != m.healthy) {
                m.healthy = healthy;
                m.healthSince = now;
            }
        }
    }

    private void electLeader() {
        updateHealth();
        Member leader = leaderId == null ? null : members.get(leaderId);
        if (leader != null && leader.healthy && !leader.learner && hasQuorum()) {
            return;
        }
        leaderId = hasQuorum() ? members.values().stream().filter(m -> m.healthy && !m.learner)
                .min(Comparator.comparingInt(m -> m.ordinal)).map(m -> m.id).orElse(null) : null;
    }

    private long voters() {
        return members.values().stream().filter(m -> !m.learner).count();
    }

    private boolean hasQuorum() {
        long voters = voters();
        long healthy = members.values().stream().filter(m -> !m.learner && m.healthy).count();
        return voters > 0 && healthy > voters / 2;
    }

    /** A step as text, member ids replaced by the member's name, so that expected sequences can be written. */
    String render(Step step) {
        return switch (step) {
            case Step.PromoteLearner p -> "PromoteLearner(" + nameOf(p.memberId()) + ")";
            case Step.MoveLeader m -> "MoveLeader(" + nameOf(m.toMemberId()) + ")";
            case Step.RemoveMember r -> "RemoveMember(" + nameOf(r.memberId()) + ")";
            case Step.AddLearner a -> "AddLearner(" + a.ordinal() + ")";
            case Step.WriteJoinConfig w -> "WriteJoinConfig(" + w.ordinal() + ")";
            case Step.Bootstrap b -> "Bootstrap(" + b.replicas() + ")";
            case Step.ScaleStatefulSet s -> "ScaleStatefulSet(" + s.replicas() + ")";
            case Step.DeletePvc d -> "DeletePvc(" + d.ordinal() + ")";
            case Step.DeletePod d -> "DeletePod(" + d.ordinal() + ")";
            case Step.RollPod r -> "RollPod(" + r.ordinal() + ")";
            case Step.ReportDegraded r -> "ReportDegraded(" + r.reason() + ")";
            case Step.Wait w -> "Wait";
            case Step.Done d -> "Done";
        };
    }

    private String nameOf(long id) {
        Member member = members.get(id);
        return member == null ? "unknown " + Long.toHexString(id) : naming.name(member.ordinal);
    }

    /** Hands leadership to the member at {@code ordinal}, as an election might. */
    void electLeaderAt(int ordinal) {
        leaderId = members.values().stream().filter(m -> m.ordinal == ordinal).findFirst().orElseThrow().id;
    }

    // ---------------------------------------------------------------- checks

    /** Rules that hold after every event. */
    void checkInvariants() {
        long learners = members.values().stream().filter(m -> m.learner).count();
        if (learners > 1) {
            throw new Violation(learners + " learners at once");
        }
    }

    /** The world as the spec asks: members 0..n-1 all started healthy voters on the current template. */
    String differenceFrom(int replicas, String hash) {
        List<String> differences = new ArrayList<>();
        for (int k = 0; k < replicas; k++) {
            int ordinal = k;
            Optional<Member> member = members.values().stream().filter(m -> m.ordinal == ordinal).findFirst();
            if (member.isEmpty() || member.get().learner || !member.get().healthy) {
                differences.add("member " + k + " missing, learner or unhealthy");
            }
            Pod pod = pods.get(k);
            if (pod == null || !pod.configHash.equals(hash)) {
                differences.add("pod " + k + " missing or outdated");
            }
            JoinConfig config = joinConfigs.get(k);
            if (config == null || config.state() != InitialClusterState.EXISTING) {
                differences.add("join config of " + k + " is " + config);
            }
        }
        if (members.size() != replicas) {
            differences.add(members.size() + " members");
        }
        if (statefulSetReplicas != replicas) {
            differences.add("StatefulSet at " + statefulSetReplicas);
        }
        claims.keySet().stream().filter(k -> k >= replicas).forEach(k -> differences.add("claim " + k + " left"));
        return String.join("; ", differences);
    }
}
