package dev.cairn.operator.reconciler;

import dev.cairn.operator.api.EtcdCluster;
import dev.cairn.operator.model.ClusterNames;
import io.fabric8.kubernetes.api.model.Pod;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.Map;
import java.util.Set;

/**
 * Reconciles a cluster as soon as one of its member pods changes (started, ready, gone), instead of at the next
 * scheduled look. Only a trigger: the reconciler reads pods from the API server itself. Pods are matched to their
 * cluster by the instance label every member pod carries.
 */
final class MemberPodTrigger {

    static final String NAME = "member-pods";

    private MemberPodTrigger() {
    }

    static InformerEventSource<Pod, EtcdCluster> eventSource(EventSourceContext<EtcdCluster> context) {
        String selector = ClusterNames.NAME_LABEL + "=cairn," + ClusterNames.MANAGED_BY_LABEL + "=cairn-operator";
        InformerEventSourceConfiguration<Pod> configuration = InformerEventSourceConfiguration
                .from(Pod.class, EtcdCluster.class)
                .withName(NAME)
                .withLabelSelector(selector)
                .withSecondaryToPrimaryMapper(MemberPodTrigger::clusterOf)
                .build();
        return new InformerEventSource<>(configuration, context);
    }

    private static Set<ResourceID> clusterOf(Pod pod) {
        Map<String, String> labels = pod.getMetadata().getLabels();
        String cluster = labels == null ? null : labels.get(ClusterNames.INSTANCE_LABEL);
        return cluster == null ? Set.of() : Set.of(new ResourceID(cluster, pod.getMetadata().getNamespace()));
    }
}
