package dev.cairn.operator.reconciler;

import dev.cairn.operator.api.EtcdCluster;
import dev.cairn.operator.api.EtcdClusterStatus;
import dev.cairn.operator.model.BootstrapConfigMap;
import dev.cairn.operator.model.ClusterNames;
import dev.cairn.operator.model.ClusterServices;
import dev.cairn.operator.model.MemberBootstrap;
import dev.cairn.operator.model.MemberStatefulSet;
import dev.cairn.operator.model.QuorumDisruptionBudget;
import dev.cairn.operator.model.TlsSecretNames;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Clock;

/**
 * Creates and updates the objects an EtcdCluster owns, in order: certificates, Services, bootstrap
 * configuration, StatefulSet, PodDisruptionBudget. Membership changes (join, scale, replace, roll) are not
 * handled yet: the StatefulSet is sized to the spec and the bootstrap ConfigMap describes the first formation.
 */
@ControllerConfiguration(name = EtcdClusterReconciler.NAME)
public class EtcdClusterReconciler implements Reconciler<EtcdCluster> {

    public static final String NAME = "etcdcluster";

    private final ClusterCertificates certificates;

    public EtcdClusterReconciler(Clock clock) {
        this.certificates = new ClusterCertificates(clock);
    }

    @Override
    public UpdateControl<EtcdCluster> reconcile(EtcdCluster cluster, Context<EtcdCluster> context) {
        KubernetesClient client = context.getClient();
        ClusterNames names = ClusterNames.of(cluster);
        int replicas = cluster.getSpec().getReplicas();

        if (cluster.getSpec().getTls().getEnabled() && TlsSecretNames.issuedByOperator(cluster)) {
            certificates.ensure(client, cluster);
        }
        apply(client, ClusterServices.peer(cluster));
        apply(client, ClusterServices.client(cluster));
        // Written once for the first formation; later membership steps rewrite it before a member starts.
        if (client.configMaps().inNamespace(names.namespace()).withName(names.bootstrapConfigMap()).get() == null) {
            client.resource(BootstrapConfigMap.build(cluster, MemberBootstrap.formation(names, replicas))).create();
        }
        StatefulSet statefulSet = MemberStatefulSet.build(cluster, replicas);
        apply(client, statefulSet);
        apply(client, QuorumDisruptionBudget.build(cluster));

        EtcdClusterStatus status = cluster.getStatus() != null ? cluster.getStatus() : new EtcdClusterStatus();
        status.setObservedGeneration(cluster.getMetadata().getGeneration());
        status.setSelector(names.selector());
        cluster.setStatus(status);
        return UpdateControl.patchStatus(cluster);
    }

    private static void apply(KubernetesClient client, HasMetadata desired) {
        client.resource(desired).createOr(NonDeletingOperation::update);
    }
}
