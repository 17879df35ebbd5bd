package dev.cairn.operator.reconciler;

import dev.cairn.operator.api.EtcdCluster;
import dev.cairn.operator.api.EtcdClusterStatus;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;

/**
 * Reports a spec the operator cannot act on as {@code Degraded=True, reason InvalidSpec}; the next successful
 * reconcile writes the conditions afresh. The transition time only moves when the condition's status does.
 */
final class SpecConditions {

    static final String DEGRADED = "Degraded";
    static final String INVALID_SPEC = "InvalidSpec";

    private final Clock clock;

    SpecConditions(Clock clock) {
        this.clock = clock;
    }

    void reportInvalid(EtcdCluster cluster, String message) {
        EtcdClusterStatus status = statusOf(cluster);
        Condition previous = find(status.getConditions());
        String since = previous != null && "True".equals(previous.getStatus())
                ? previous.getLastTransitionTime()
                : DateTimeFormatter.ISO_INSTANT.format(clock.instant().truncatedTo(ChronoUnit.SECONDS));
        status.getConditions().removeIf(condition -> DEGRADED.equals(condition.getType()));
        status.getConditions().add(new ConditionBuilder()
                .withType(DEGRADED)
                .withStatus("True")
                .withReason(INVALID_SPEC)
                .withMessage(message)
                .withObservedGeneration(cluster.getMetadata().getGeneration())
                .withLastTransitionTime(since)
                .build());
    }

    private static Condition find(List<Condition> conditions) {
        return conditions.stream().filter(condition -> Objects.equals(condition.getType(), DEGRADED)).findFirst()
                .orElse(null);
    }

    private static EtcdClusterStatus statusOf(EtcdCluster cluster) {
        if (cluster.getStatus() == null) {
            cluster.setStatus(new EtcdClusterStatus());
        }
        return cluster.getStatus();
    }
}
