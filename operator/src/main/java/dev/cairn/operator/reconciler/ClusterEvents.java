package dev.cairn.operator.reconciler;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * Kubernetes Events on an EtcdCluster or EtcdBackup (core v1, as {@code kubectl describe} shows them). Written only for changes
 * (a membership step taken, a condition entered), never for a steady state, so their number stays bounded.
 */
final class ClusterEvents {

    static final String MEMBER_ADDED = "MemberAdded";
    static final String MEMBER_PROMOTED = "MemberPromoted";
    static final String MEMBER_REMOVED = "MemberRemoved";
    static final String MEMBER_REPLACING = "MemberReplacing";
    static final String LEADER_MOVED = "LeaderMoved";
    static final String COMPONENT = "cairn-operator";

    private final Clock clock;

    ClusterEvents(Clock clock) {
        this.clock = clock;
    }

    void normal(KubernetesClient client, HasMetadata cluster, String reason, String message) {
        record(client, cluster, "Normal", reason, message);
    }

    void warning(KubernetesClient client, HasMetadata cluster, String reason, String message) {
        record(client, cluster, "Warning", reason, message);
    }

    private void record(KubernetesClient client, HasMetadata cluster, String type, String reason, String message) {
        String now = DateTimeFormatter.ISO_INSTANT.format(clock.instant().truncatedTo(ChronoUnit.SECONDS));
        String namespace = cluster.getMetadata().getNamespace();
        Event event = new EventBuilder()
                .withNewMetadata()
                .withNamespace(namespace)
                .withName(cluster.getMetadata().getName() + "." + UUID.randomUUID().toString().replace("-", ""))
                .endMetadata()
                .withNewInvolvedObject()
                .withApiVersion(cluster.getApiVersion())
                .withKind(cluster.getKind())
                .withNamespace(namespace)
                .withName(cluster.getMetadata().getName())
                .withUid(cluster.getMetadata().getUid())
                .withResourceVersion(cluster.getMetadata().getResourceVersion())
                .endInvolvedObject()
                .withType(type)
                .withReason(reason)
                .withMessage(message)
                .withCount(1)
                .withFirstTimestamp(now)
                .withLastTimestamp(now)
                .withNewSource().withComponent(COMPONENT).endSource()
                .withReportingComponent(COMPONENT)
                .build();
        client.v1().events().inNamespace(namespace).resource(event).create();
    }
}
