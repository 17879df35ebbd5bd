package dev.cairn.operator.reconciler;

import dev.cairn.operator.api.ClusterPhase;
import dev.cairn.operator.api.EtcdCluster;
import dev.cairn.operator.api.EtcdClusterStatus;
import dev.cairn.operator.api.MemberRole;
import dev.cairn.operator.api.MemberStatus;
import dev.cairn.operator.api.MemberVolumeClaim;
import dev.cairn.operator.model.ClusterNames;
import dev.cairn.operator.plan.Condition;
import dev.cairn.operator.plan.ConditionAggregator;
import dev.cairn.operator.plan.ConditionReasons;
import dev.cairn.operator.plan.ConditionStatus;
import dev.cairn.operator.plan.Decision;
import dev.cairn.operator.plan.DesiredCluster;
import dev.cairn.operator.plan.ObservedMember;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Writes one round's observation and decision into the resource's status: members, leader, cluster id, version,
 * counts, phase and the three conditions (a condition keeps its transition time while its status holds). Entering
 * QuorumLost is also recorded as an Event, once per entry; an even size once per spec generation that asks for it
 * (the Degraded reason alternates with MemberUnhealthy while members join, which is no news).
 */
final class ClusterStatusWriter {

    private final ConditionAggregator aggregator = new ConditionAggregator();
    private final ClusterEvents events;

    ClusterStatusWriter(ClusterEvents events) {
        this.events = events;
    }

    void write(KubernetesClient client, EtcdCluster cluster, DesiredCluster desired, Observation observation,
               Decision decision, Instant now) {
        if (cluster.getStatus() == null) {
            cluster.setStatus(new EtcdClusterStatus());
        }
        EtcdClusterStatus status = cluster.getStatus();
        Optional<String> degradedBefore = degradedReason(status);
        boolean newGeneration = !Objects.equals(status.getObservedGeneration(), cluster.getMetadata().getGeneration());

        if (observation.cluster().membersListed()) {
            status.setMembers(observation.members().stream().map(ClusterStatusWriter::member).toList());
            status.setReplicas(observation.members().size());
        } else {
            // No member list: the members last seen stay listed, as unhealthy, keeping the time they went down.
            status.setMembers(status.getMembers().stream().map(m -> unreachable(m, now)).toList());
        }
        status.setLeader(observation.leader().map(Observation.Member::name).orElse(null));
        observation.clusterId().ifPresent(id -> status.setClusterId(Long.toHexString(id)));
        observation.version().ifPresent(status::setCurrentVersion);
        status.setQuorumSince(observation.cluster().quorumSince().map(ClusterStatusWriter::format).orElse(null));
        status.setReadyReplicas((int) observation.members().stream().filter(m -> m.member().health().healthy())
                .count());
        status.setDataVolumeClaims(new ArrayList<>(new TreeMap<>(observation.dataVolumeClaims()).entrySet().stream()
                .map(e -> new MemberVolumeClaim(e.getKey(), e.getValue())).toList()));

        List<Condition> conditions = aggregator.aggregate(previousConditions(status), desired, observation.cluster(),
                decision, now);
        status.setConditions(new ArrayList<>(conditions.stream()
                .map(c -> toResource(c, cluster.getMetadata().getGeneration())).toList()));
        status.setPhase(phase(decision, conditions));
        status.setObservedGeneration(cluster.getMetadata().getGeneration());
        status.setSelector(ClusterNames.of(cluster).selector());

        conditions.stream().filter(c -> c.type().equals(Condition.DEGRADED) && c.status() == ConditionStatus.TRUE)
                .filter(c -> c.reason().equals(ConditionReasons.QUORUM_LOST)
                        && !degradedBefore.equals(Optional.of(c.reason())))
                .findFirst()
                .ifPresent(c -> events.warning(client, cluster, c.reason(), c.message()));
        if (newGeneration && desired.replicas() % 2 == 0) {
            events.warning(client, cluster, ConditionReasons.EVEN_MEMBER_COUNT, "replicas is " + desired.replicas()
                    + ": it tolerates no more member failures than " + (desired.replicas() - 1) + " members");
        }
    }

    private static MemberStatus member(Observation.Member observed) {
        ObservedMember member = observed.member();
        MemberStatus status = new MemberStatus();
        status.setName(observed.name());
        status.setId(member.hexId());
        status.setRole(member.learner() ? MemberRole.Learner : member.leader() ? MemberRole.Leader : MemberRole.Follower);
        status.setHealthy(member.health().healthy());
        status.setLastTransitionTime(format(member.health().since()));
        observed.status().ifPresent(answer -> {
            status.setRevision(answer.revision());
            status.setDbSizeBytes(answer.dbSize());
        });
        return status;
    }

    private static MemberStatus unreachable(MemberStatus previous, Instant now) {
        MemberStatus member = new MemberStatus();
        member.setName(previous.getName());
        member.setId(previous.getId());
        member.setRole(previous.getRole() == MemberRole.Leader ? MemberRole.Follower : previous.getRole());
        member.setHealthy(false);
        member.setLastTransitionTime(Boolean.FALSE.equals(previous.getHealthy())
                && previous.getLastTransitionTime() != null ? previous.getLastTransitionTime() : format(now));
        member.setRevision(previous.getRevision());
        member.setDbSizeBytes(previous.getDbSizeBytes());
        return member;
    }

    private static ClusterPhase phase(Decision decision, List<Condition> conditions) {
        boolean degraded = conditions.stream().anyMatch(c -> c.type().equals(Condition.DEGRADED)
                && c.status() == ConditionStatus.TRUE && !c.reason().equals(ConditionReasons.EVEN_MEMBER_COUNT));
        return switch (decision.purpose()) {
            case BOOTSTRAP, BOOTSTRAP_FINISH -> ClusterPhase.Bootstrapping;
            case SCALE_UP, SCALE_DOWN -> ClusterPhase.Scaling;
            case REPLACEMENT -> ClusterPhase.Replacing;
            case ROLLING_UPDATE -> ClusterPhase.Rolling;
            case BLOCKED -> ClusterPhase.Degraded;
            case HEALING, STEADY -> degraded ? ClusterPhase.Degraded : ClusterPhase.Running;
        };
    }

    private static Optional<String> degradedReason(EtcdClusterStatus status) {
        return status.getConditions().stream()
                .filter(c -> Condition.DEGRADED.equals(c.getType()) && "True".equals(c.getStatus()))
                .map(io.fabric8.kubernetes.api.model.Condition::getReason).findFirst();
    }

    /** The conditions as last written; one the planner's model cannot read is treated as absent. */
    private static List<Condition> previousConditions(EtcdClusterStatus status) {
        List<Condition> previous = new ArrayList<>();
        for (io.fabric8.kubernetes.api.model.Condition c : status.getConditions()) {
            Optional<ConditionStatus> conditionStatus = java.util.Arrays.stream(ConditionStatus.values())
                    .filter(s -> s.wireValue().equals(c.getStatus())).findFirst();
            if (conditionStatus.isEmpty() || c.getType() == null || c.getReason() == null || c.getReason().isBlank()
                    || c.getLastTransitionTime() == null) {
                continue;
            }
            try {
                previous.add(new Condition(c.getType(), conditionStatus.get(), c.getReason(),
                        c.getMessage() == null ? "" : c.getMessage(), Instant.parse(c.getLastTransitionTime())));
            } catch (DateTimeParseException unreadable) {
                // Dropped: the aggregator then starts the condition's clock now.
            }
        }
        return previous;
    }

    private static io.fabric8.kubernetes.api.model.Condition toResource(Condition condition, Long generation) {
        return new ConditionBuilder()
                .withType(condition.type())
                .withStatus(condition.status().wireValue())
                .withReason(condition.reason())
                .withMessage(condition.message())
                .withObservedGeneration(generation)
                .withLastTransitionTime(format(condition.lastTransitionTime()))
                .build();
    }

    private static String format(Instant instant) {
        return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS));
    }
}
