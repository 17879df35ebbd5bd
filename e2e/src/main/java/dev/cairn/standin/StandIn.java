package dev.cairn.standin;

import dev.cairn.standin.api.ApiServer;
import dev.cairn.standin.api.Kustomization;
import dev.cairn.standin.api.Manifests;
import dev.cairn.standin.controllers.ClaimProtectionController;
import dev.cairn.standin.controllers.CronJobController;
import dev.cairn.standin.controllers.DeploymentController;
import dev.cairn.standin.controllers.GarbageCollector;
import dev.cairn.standin.controllers.JobController;
import dev.cairn.standin.controllers.StatefulSetController;
import dev.cairn.standin.kubelet.Images;
import dev.cairn.standin.kubelet.Kubelet;
import dev.cairn.standin.kubelet.KubeletSettings;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The local Kubernetes stand-in, composed: the API server, the controllers Kubernetes would run (StatefulSet,
 * Deployment, Job, CronJob, claim protection, garbage collection) and the kubelet running pods as local processes.
 * {@link #close()} stops it all, pods' processes first. {@link #main} is the README's run command.
 */
public final class StandIn implements AutoCloseable {

    private static final Duration RESYNC = Duration.ofSeconds(2);
    /** A sweep lists every kind twice, so it runs less often than the controllers' resyncs. */
    private static final Duration GARBAGE_COLLECTION_PERIOD = Duration.ofSeconds(5);
    private static final Logger LOG = Logger.getLogger(StandIn.class.getName());

    private final StandInSettings settings;
    private final List<AutoCloseable> running = new ArrayList<>();
    private KubernetesClient client;
    private Kubelet kubelet;

    private StandIn(StandInSettings settings) {
        this.settings = settings;
    }

    public static void main(String[] args) {
        System.exit(RunCommand.run(args, System.out, System.err));
    }

    /** Starts every part; on a failure the parts already started are stopped again. */
    public static StandIn start(StandInSettings settings) {
        settings.requireBuilt();
        StandIn standIn = new StandIn(settings);
        try {
            standIn.startParts();
        } catch (RuntimeException e) {
            standIn.close();
            throw e;
        }
        return standIn;
    }

    private void startParts() {
        ApiServer api = ApiServer.start(settings.apiPort());
        running.add(api);
        api.writeKubeconfig(settings.kubeconfig());
        client = api.newClient();
        running.add(client);

        Clock clock = Clock.systemUTC();
        StatefulSetController statefulSets = new StatefulSetController(client, RESYNC);
        running.add(statefulSets);
        statefulSets.start();
        ClaimProtectionController claimProtection = new ClaimProtectionController(client, RESYNC);
        running.add(claimProtection);
        claimProtection.start();
        DeploymentController deployments = new DeploymentController(client, RESYNC);
        running.add(deployments);
        deployments.start();
        JobController jobs = new JobController(client, clock, RESYNC);
        running.add(jobs);
        jobs.start();
        CronJobController cronJobs = new CronJobController(client, clock, RESYNC);
        running.add(cronJobs);
        cronJobs.start();
        GarbageCollector garbageCollector = new GarbageCollector(client, GARBAGE_COLLECTION_PERIOD);
        running.add(garbageCollector);
        garbageCollector.start();

        kubelet = new Kubelet(client, new KubeletSettings(settings.kubeletDir(), settings.hostsFile(),
                settings.kubeconfig(), Images.cairn(settings.nodeJar(), settings.operatorJar(), settings.javaHome())));
        running.add(kubelet);
        kubelet.start();
    }

    /** {@code kubectl apply -k manifests/}: the CRD, the operator's namespace, RBAC and Deployment. */
    public List<HasMetadata> installOperator() {
        List<HasMetadata> applied = new ArrayList<>();
        for (Path file : Kustomization.files(settings.manifests())) {
            applied.addAll(Manifests.apply(client, file));
        }
        return applied;
    }

    public KubernetesClient client() {
        return client;
    }

    public Kubelet kubelet() {
        return kubelet;
    }

    public StandInSettings settings() {
        return settings;
    }

    /** Stops the kubelet (and so every pod's processes) first, then the controllers, the client and the API. */
    @Override
    public synchronized void close() {
        for (AutoCloseable part : running.reversed()) {
            try {
                part.close();
            } catch (Exception e) {
                LOG.log(Level.WARNING, "stopping " + part.getClass().getSimpleName() + " failed", e);
            }
        }
        running.clear();
    }
}
