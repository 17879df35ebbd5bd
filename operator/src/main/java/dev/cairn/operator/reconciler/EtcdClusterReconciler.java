package dev.cairn.operator.reconciler;

import dev.cairn.operator.api.EtcdCluster;
import dev.cairn.operator.api.EtcdClusterStatus;
import dev.cairn.operator.members.EtcdAdminFactory;
import dev.cairn.operator.model.BootstrapConfigMap;
import dev.cairn.operator.model.ClusterNames;
import dev.cairn.operator.model.ClusterServices;
import dev.cairn.operator.model.InvalidSpecException;
import dev.cairn.operator.model.MemberBootstrap;
import dev.cairn.operator.model.MemberStatefulSet;
import dev.cairn.operator.model.MemberUrls;
import dev.cairn.operator.model.QuorumDisruptionBudget;
import dev.cairn.operator.model.StoredSpec;
import dev.cairn.operator.model.TlsSecretNames;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
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
    private final SpecConditions specConditions;
    private final EtcdAdminFactory admins;

    /** @param admins opens the etcd API connection to a cluster's members, with the operator's client certificate */
    public EtcdClusterReconciler(Clock clock, EtcdAdminFactory admins) {
        this.certificates = new ClusterCertificates(clock);
        this.specConditions = new SpecConditions(clock);
        this.admins = admins;
    }

    @Override
    public UpdateControl<EtcdCluster> reconcile(EtcdCluster cluster, Context<EtcdCluster> context) {
        KubernetesClient client = context.getClient();
        ClusterNames names = ClusterNames.of(cluster);
        // Built first: an unusable spec is reported before anything is written.
        int replicas = StoredSpec.defaulted(StoredSpec.of(cluster).getReplicas(), "spec.replicas");
        StatefulSet statefulSet = MemberStatefulSet.build(cluster, replicas);

        if (MemberUrls.of(cluster).tls() && TlsSecretNames.issuedByOperator(cluster)) {
            certificates.ensure(client, cluster);
        }
        apply(client, ClusterServices.peer(cluster));
        apply(client, ClusterServices.client(cluster));
        // Written once for the first formation; later membership steps rewrite it before a member starts.
        if (client.configMaps().inNamespace(names.namespace()).withName(names.bootstrapConfigMap()).get() == null) {
            client.resource(BootstrapConfigMap.build(cluster, MemberBootstrap.formation(names, replicas))).create();
        }
        apply(client, statefulSet);
        apply(client, QuorumDisruptionBudget.build(cluster));

        specConditions.clearInvalid(cluster);
        EtcdClusterStatus status = cluster.getStatus();
        status.setObservedGeneration(cluster.getMetadata().getGeneration());
        status.setSelector(names.selector());
        return UpdateControl.patchStatus(cluster);
    }

    /** An unusable spec is reported on the resource and not retried: only a new spec can fix it. */
    @Override
    public ErrorStatusUpdateControl<EtcdCluster> updateErrorStatus(EtcdCluster cluster, Context<EtcdCluster> context,
                                                                   Exception error) {
        if (error instanceof InvalidSpecException invalid) {
            specConditions.reportInvalid(cluster, invalid.getMessage());
            cluster.getStatus().setObservedGeneration(cluster.getMetadata().getGeneration());
            return ErrorStatusUpdateControl.patchStatus(cluster).withNoRetry();
        }
        return ErrorStatusUpdateControl.defaultErrorProcessing();
    }

    private static void apply(KubernetesClient client, HasMetadata desired) {
        client.resource(desired).createOr(NonDeletingOperation::update);
    }
}
