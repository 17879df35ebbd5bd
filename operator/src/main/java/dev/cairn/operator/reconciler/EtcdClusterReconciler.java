package dev.cairn.operator.reconciler;

import dev.cairn.operator.api.EtcdCluster;
import dev.cairn.operator.api.EtcdClusterStatus;
import dev.cairn.operator.members.EtcdAdmin;
import dev.cairn.operator.members.EtcdAdminException;
import dev.cairn.operator.members.EtcdAdminFactory;
import dev.cairn.operator.model.ClusterNames;
import dev.cairn.operator.model.ClusterServices;
import dev.cairn.operator.model.InvalidSpecException;
import dev.cairn.operator.model.MemberStatefulSet;
import dev.cairn.operator.model.MemberUrls;
import dev.cairn.operator.model.QuorumDisruptionBudget;
import dev.cairn.operator.model.TlsSecretNames;
import dev.cairn.operator.plan.ClusterPlanner;
import dev.cairn.operator.plan.Decision;
import dev.cairn.operator.plan.DesiredCluster;
import dev.cairn.operator.plan.Purpose;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives an EtcdCluster towards its spec, one step per reconcile: it keeps the owned objects (certificates,
 * Services, StatefulSet template, PodDisruptionBudget) current, observes Kubernetes and the members, asks the
 * {@link ClusterPlanner} for the next step, takes it, and writes what it saw into the status. The StatefulSet's
 * size is the planner's business (bootstrap, scaling one member at a time), never copied from the spec. Nothing
 * is remembered between reconciles except what the status holds, so a crash between two steps is harmless.
 * Besides its schedule, a cluster is reconciled whenever one of its member pods changes.
 */
@ControllerConfiguration(name = EtcdClusterReconciler.NAME)
public class EtcdClusterReconciler implements Reconciler<EtcdCluster> {

    public static final String NAME = "etcdcluster";

    private static final Logger LOG = LoggerFactory.getLogger(EtcdClusterReconciler.class);

    /**
     * How soon to look again: soon while a step is under way, and regularly when steady, so that member health
     * and the replacement policy are tracked without any Kubernetes event.
     */
    record Intervals(Duration busy, Duration steady) {
        static final Intervals DEFAULT = new Intervals(Duration.ofSeconds(2), Duration.ofSeconds(10));

        Intervals {
            Objects.requireNonNull(busy, "busy");
            Objects.requireNonNull(steady, "steady");
        }
    }

    private final Clock clock;
    private final ClusterCertificates certificates;
    private final SpecConditions specConditions;
    private final EtcdAdminFactory admins;
    private final Intervals intervals;
    private final ClusterObserver observer = new ClusterObserver();
    private final ClusterPlanner planner = new ClusterPlanner();
    private final StepExecutor executor;
    private final ClusterStatusWriter statusWriter;
    private final RestoreGate restoreGate;
    private final ScheduledBackups backups;
    private final ClusterEvents events;

    /** @param admins opens the etcd API connection to a cluster's members, with the operator's client certificate */
    public EtcdClusterReconciler(Clock clock, EtcdAdminFactory admins) {
        this(clock, admins, Intervals.DEFAULT);
    }

    EtcdClusterReconciler(Clock clock, EtcdAdminFactory admins, Intervals intervals) {
        this.clock = clock;
        this.certificates = new ClusterCertificates(clock);
        this.specConditions = new SpecConditions(clock);
        this.admins = admins;
        this.intervals = intervals;
        this.events = new ClusterEvents(clock);
        this.executor = new StepExecutor(events);
        this.statusWriter = new ClusterStatusWriter(events);
        this.restoreGate = new RestoreGate(clock);
        this.backups = new ScheduledBackups(clock, events);
    }

    @Override
    public List<EventSource<?, EtcdCluster>> prepareEventSources(EventSourceContext<EtcdCluster> context) {
        return List.of(MemberPodTrigger.eventSource(context));
    }

    @Override
    public UpdateControl<EtcdCluster> reconcile(EtcdCluster cached, Context<EtcdCluster> context) {
        KubernetesClient client = context.getClient();
        // The informer's copy may predate the status written a moment ago, and the status carries what must not be
        // forgotten (health transition times, claim uids, the conditions Events are announced on): read it afresh.
        EtcdCluster cluster = client.resource(cached).get();
        if (cluster == null) {
            return UpdateControl.noUpdate();
        }
        ClusterNames names = ClusterNames.of(cluster);
        if (cluster.getStatus() == null) {
            cluster.setStatus(new EtcdClusterStatus());
        }
        // Built first: an unusable spec is reported before anything is written.
        DesiredCluster desired = DesiredClusters.of(cluster);
        // A restored cluster forms only from a checked backup; until then no member may start.
        RestoreGate.Verdict restore = restoreGate.check(client, cluster);
        int currentReplicas = statefulSetReplicas(client, names);
        StatefulSet statefulSet = MemberStatefulSet.build(cluster, currentReplicas);

        if (MemberUrls.of(cluster).tls() && TlsSecretNames.issuedByOperator(cluster)) {
            certificates.ensure(client, cluster);
        }
        apply(client, ClusterServices.peer(cluster));
        apply(client, ClusterServices.client(cluster));
        apply(client, statefulSet);
        apply(client, QuorumDisruptionBudget.build(cluster));
        if (!restore.ready()) {
            restoreGate.report(client, cluster, restore, events);
            client.resource(cluster).updateStatus();
            return UpdateControl.<EtcdCluster>noUpdate().rescheduleAfter(
                    restore.refusal().isPresent() ? intervals.steady() : intervals.busy());
        }

        Instant now = clock.instant();
        Optional<Condition> backupHealthy = ScheduledBackups.find(cluster.getStatus());
        Decision decision;
        try (EtcdAdmin admin = admins.connect(AdminEndpointsOf.of(client, cluster,
                Math.max(currentReplicas, desired.replicas())))) {
            Observation observation = observer.observe(client, cluster, desired, admin, now);
            decision = planner.plan(desired, observation.cluster(), now);
            if (decision.purpose() != Purpose.STEADY) {
                LOG.info("{}/{}: {} ({})", names.namespace(), names.cluster(), decision.step(), decision.purpose());
            }
            try {
                executor.execute(client, cluster, admin, observation, decision);
            } catch (EtcdAdminException refused) {
                // Planned again from the next observation, which shows whatever the refusal was about.
                LOG.warn("{}/{}: {} failed: {}", names.namespace(), names.cluster(), decision.step(),
                        refused.getMessage());
            }
            statusWriter.write(client, cluster, desired, observation, decision, now);
        }
        backups.reconcile(client, cluster, backupHealthy);
        // The whole status is replaced, guarded by the resource version read above: a merge patch would keep
        // fields this round cleared (no leader), and a concurrent writer makes this fail and retry.
        client.resource(cluster).updateStatus();
        return UpdateControl.<EtcdCluster>noUpdate().rescheduleAfter(
                decision.purpose() == Purpose.STEADY ? intervals.steady() : intervals.busy());
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

    private static int statefulSetReplicas(KubernetesClient client, ClusterNames names) {
        StatefulSet existing = client.apps().statefulSets().inNamespace(names.namespace())
                .withName(names.statefulSet()).get();
        return existing == null || existing.getSpec().getReplicas() == null ? 0 : existing.getSpec().getReplicas();
    }

    private static void apply(KubernetesClient client, HasMetadata desired) {
        client.resource(desired).createOr(NonDeletingOperation::update);
    }
}
