package dev.cairn.operator.plan;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The facts the planners decide on, derived once from the spec and one observation: which member sits at
 * which ordinal, quorum arithmetic, and who counts as caught up.
 */
final class ClusterView {

    private final DesiredCluster desired;
    private final ObservedCluster observed;
    private final Instant now;
    private final TreeMap<Integer, ObservedMember> membersByOrdinal = new TreeMap<>();
    private final List<ObservedMember> unexpectedMembers = new ArrayList<>();
    private final Map<Integer, Slot> slotsByOrdinal;

    public ClusterView(DesiredCluster desired, ObservedCluster observed, Instant now) {
        this.desired = Objects.requireNonNull(desired, "desired");
        this.observed = Objects.requireNonNull(observed, "observed");
        this.now = Objects.requireNonNull(now, "now");
        for (ObservedMember member : observed.members()) {
            OptionalInt ordinal = ordinalOf(member);
            if (ordinal.isEmpty() || membersByOrdinal.containsKey(ordinal.getAsInt())) {
                unexpectedMembers.add(member);
            } else {
                membersByOrdinal.put(ordinal.getAsInt(), member);
            }
        }
        slotsByOrdinal = observed.slots().stream().collect(Collectors.toMap(Slot::ordinal, slot -> slot));
    }

    /** A member belongs to an ordinal when all of its peer URLs are that ordinal's peer URL. */
    private OptionalInt ordinalOf(ObservedMember member) {
        OptionalInt first = desired.naming().ordinalOfPeerUrl(member.peerUrls().getFirst());
        boolean allSame = member.peerUrls().stream()
                .allMatch(url -> desired.naming().ordinalOfPeerUrl(url).equals(first));
        return allSame ? first : OptionalInt.empty();
    }

    public DesiredCluster desired() {
        return desired;
    }

    public ObservedCluster observed() {
        return observed;
    }

    public Instant now() {
        return now;
    }

    public MemberNaming naming() {
        return desired.naming();
    }

    /** Members whose peer URLs are not those of any ordinal of this StatefulSet (or share an ordinal). */
    public List<ObservedMember> unexpectedMembers() {
        return List.copyOf(unexpectedMembers);
    }

    public Optional<ObservedMember> memberAt(int ordinal) {
        return Optional.ofNullable(membersByOrdinal.get(ordinal));
    }

    /** Members at their ordinals, lowest ordinal first. */
    public Map<Integer, ObservedMember> membersByOrdinal() {
        return new TreeMap<>(membersByOrdinal);
    }

    public int ordinalOf(long memberId) {
        return membersByOrdinal.entrySet().stream().filter(e -> e.getValue().id() == memberId)
                .mapToInt(Map.Entry::getKey).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no member " + Long.toHexString(memberId)));
    }

    public Slot slot(int ordinal) {
        return slotsByOrdinal.getOrDefault(ordinal, Slot.vacant(ordinal));
    }

    /** Ordinals where something exists in Kubernetes or etcd, ascending. */
    public List<Integer> occupiedOrdinals() {
        return IntStream.concat(slotsByOrdinal.keySet().stream().mapToInt(Integer::intValue),
                        membersByOrdinal.keySet().stream().mapToInt(Integer::intValue))
                .distinct().sorted().boxed().toList();
    }

    public List<ObservedMember> voters() {
        return observed.members().stream().filter(m -> !m.learner()).toList();
    }

    public long healthyVoters() {
        return voters().stream().filter(m -> m.health().healthy()).count();
    }

    /** A majority of the voting members is healthy. */
    public boolean hasQuorum() {
        return ObservedCluster.hasHealthyMajority(observed.members());
    }

    /** Whether the voters left after removing {@code member} would still have a healthy majority. */
    public boolean keepsQuorumWithout(ObservedMember member) {
        if (member.learner()) {
            return hasQuorum();
        }
        int remaining = voters().size() - 1;
        long healthyRemaining = healthyVoters() - (member.health().healthy() ? 1 : 0);
        return remaining > 0 && healthyRemaining > remaining / 2;
    }

    public Optional<ObservedMember> leader() {
        return observed.members().stream().filter(ObservedMember::leader).findFirst();
    }

    /**
     * Healthy, and its applied index trails the cluster's raft index by at most the policy's lag. The
     * cluster's raft index is the highest any member reports (the leader's, unless the leader did not answer).
     */
    public boolean caughtUp(ObservedMember member) {
        if (!member.health().healthy() || member.progress().isEmpty()) {
            return false;
        }
        long clusterIndex = observed.members().stream().flatMap(m -> m.progress().stream())
                .mapToLong(RaftProgress::raftIndex).max().orElseThrow();
        long lag = clusterIndex - member.progress().get().appliedIndex();
        return lag <= desired.health().maxLagEntries();
    }

    /** Unhealthy for longer than the policy allows, counted from {@link #unhealthyCountedFrom}. */
    public boolean unhealthyTooLong(ObservedMember member) {
        Instant since = unhealthyCountedFrom(member);
        return !member.health().healthy() && !since.plus(desired.health().unhealthyAfter()).isAfter(now);
    }

    /**
     * Where the replacement delay of a member starts: when its health last changed or, if later, when the cluster
     * regained a healthy majority. While there is none no member can show it is healthy, so a member still
     * restarting after a quorum loss is not replaced for having been down during it.
     */
    public Instant unhealthyCountedFrom(ObservedMember member) {
        Instant since = member.health().since();
        return observed.quorumSince().filter(quorum -> quorum.isAfter(since)).orElse(since);
    }

    /**
     * A started member that is down and whose volume no longer holds this cluster's data: emptied, or holding
     * another cluster's data directory. A member that answers its health check evidently still has its data,
     * whatever an older volume report says, so it never counts.
     */
    public boolean dataGone(int ordinal) {
        Optional<ObservedMember> member = memberAt(ordinal);
        VolumeState volume = slot(ordinal).volume();
        return member.isPresent() && member.get().started() && !member.get().health().healthy()
                && (volume == VolumeState.EMPTY || volume == VolumeState.FOREIGN_DATA);
    }

    /**
     * The voter best placed to take over leadership from {@code from}: caught up, then the most advanced,
     * then the lowest ordinal.
     */
    public Optional<ObservedMember> leadershipTarget(ObservedMember from) {
        return membersByOrdinal.values().stream()
                .filter(m -> m.id() != from.id() && !m.learner() && caughtUp(m))
                .max(Comparator.<ObservedMember>comparingLong(m -> m.progress().orElseThrow().appliedIndex())
                        .thenComparing(m -> -ordinalOf(m.id())));
    }

    /** {@code --initial-cluster} for the current members, names taken from their ordinals. */
    public String initialClusterOfMembers() {
        return membersByOrdinal.entrySet().stream()
                .flatMap(e -> e.getValue().peerUrls().stream().map(url -> naming().name(e.getKey()) + "=" + url))
                .collect(Collectors.joining(","));
    }

    /** {@code --initial-cluster} for a first formation of {@code replicas} members. */
    public String initialClusterForBootstrap(int replicas) {
        return IntStream.range(0, replicas).mapToObj(k -> naming().name(k) + "=" + naming().peerUrl(k))
                .collect(Collectors.joining(","));
    }

    /** "demo-1 (8e9e05c52164694d)", or the bare id for a member of no ordinal. */
    public String describe(ObservedMember member) {
        return membersByOrdinal.entrySet().stream().filter(e -> e.getValue().id() == member.id()).findFirst()
                .map(e -> naming().name(e.getKey()) + " (" + member.hexId() + ")").orElse(member.hexId());
    }
}
