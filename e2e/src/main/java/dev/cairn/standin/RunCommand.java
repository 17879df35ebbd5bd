package dev.cairn.standin;

import dev.cairn.standin.api.Manifests;
import dev.cairn.standin.kubelet.PortForward;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The README's run command: starts the stand-in, installs the operator, applies the sample EtcdCluster, waits
 * (bounded) until it is Available, then prints how to reach it with etcdctl and keeps running until Ctrl-C, whose
 * shutdown hook stops every process.
 */
final class RunCommand {

    private static final int CLIENT_PORT = 2379;
    /** Held here: java.util.logging keeps loggers weakly, and a collected one forgets its level. */
    private static final Logger FABRIC8_LOG = Logger.getLogger("io.fabric8");

    private RunCommand() {
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        RunOptions options;
        try {
            options = RunOptions.parse(args);
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            return 2;
        }
        quietLibraryLogging();
        StandIn standIn;
        try {
            standIn = StandIn.start(new StandInSettings(options.repository(), WorkDir.prepare(options.workDir()),
                    options.apiPort(), Path.of(System.getProperty("java.home"))));
        } catch (RuntimeException e) {
            err.println("standin: " + e.getMessage());
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            out.println("== stopping the stand-in (pods, controllers, API server)");
            standIn.close();
            stopped.countDown();
        }, "standin-shutdown"));
        try {
            return serve(standIn, options, out, err, stopped);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 130;
        } catch (RuntimeException e) {
            err.println("standin: " + e.getMessage());
            return 1;
        }
    }

    private static int serve(StandIn standIn, RunOptions options, PrintStream out, PrintStream err,
            CountDownLatch stopped) throws InterruptedException {
        StandInSettings settings = standIn.settings();
        out.println("== stand-in API server: kubeconfig " + settings.kubeconfig() + " (plain HTTP on 127.0.0.1)");
        out.println("== work dir " + settings.workDir() + " (pod logs under " + settings.kubeletDir() + ")");
        List<HasMetadata> operator = standIn.installOperator();
        out.println("== installed the operator: " + operator.size() + " objects from " + settings.manifests());
        GenericKubernetesResource cluster = applySample(standIn, options.sample());
        String namespace = cluster.getMetadata().getNamespace();
        String name = cluster.getMetadata().getName();
        out.println("== applied " + options.sample() + ": EtcdCluster " + namespace + "/" + name
                + "; waiting up to " + options.timeout().toSeconds() + " s for it to become Available");

        ClusterProgress progress = new ClusterProgress(standIn.client(), namespace, name, out);
        Optional<GenericKubernetesResource> available = progress.awaitAvailable(options.timeout());
        if (available.isEmpty()) {
            err.println("standin: EtcdCluster " + namespace + "/" + name + " did not become Available within "
                    + options.timeout().toSeconds() + " s. Last seen: " + progress.describe(standIn.client()
                    .genericKubernetesResources("cairn.dev/v1alpha1", "EtcdCluster").inNamespace(namespace)
                    .withName(name).get()) + ". Operator and member logs are under " + settings.kubeletDir());
            return 1;
        }
        Optional<ClientCredentials> credentials = ClientCredentials.write(standIn.client(), available.get(),
                settings.workDir().resolve("client-" + name));
        try (PortForward forward = PortForward.toService(standIn.client(), namespace, name + "-client",
                CLIENT_PORT)) {
            String endpoint = (credentials.isPresent() ? "https" : "http") + "://127.0.0.1:" + forward.localPort();
            out.println("== EtcdCluster " + namespace + "/" + name + " is Available: "
                    + ClusterProgress.conditionsText(available.get()));
            out.println("   in-cluster endpoint: " + (credentials.isPresent() ? "https" : "http") + "://" + name
                    + "-client." + namespace + ".svc:" + CLIENT_PORT + " (resolvable by the pods' JVMs)");
            out.println("   forwarded to:        " + endpoint);
            credentials.ifPresent(files -> out.println("   client certificate:  " + files.certFile() + ", key "
                    + files.keyFile() + ", CA " + files.caFile()));
            out.println("   kubectl-like:        bin/kube get etcdclusters,pods  (KUBECONFIG=" + settings.kubeconfig()
                    + ")");
            out.println("== try:");
            out.println("ETCDCTL_API=3 etcdctl --endpoints=" + endpoint + credentials.map(files -> " --cacert="
                    + files.caFile() + " --cert=" + files.certFile() + " --key=" + files.keyFile()).orElse("")
                    + " member list -w table");
            out.println("== Ctrl-C stops everything");
            stopped.await();
            return 0;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot forward a local port to " + name + "-client", e);
        }
    }

    private static GenericKubernetesResource applySample(StandIn standIn, Path sample) {
        List<GenericKubernetesResource> clusters = Manifests.apply(standIn.client(), sample).stream()
                .filter(object -> "EtcdCluster".equals(object.getKind()))
                .map(object -> standIn.client().genericKubernetesResources(object.getApiVersion(), object.getKind())
                        .inNamespace(object.getMetadata().getNamespace()).withName(object.getMetadata().getName())
                        .get())
                .toList();
        if (clusters.size() != 1) {
            throw new IllegalArgumentException(sample + " must hold exactly one EtcdCluster, holds " + clusters.size());
        }
        return clusters.getFirst();
    }

    /** The mock server logs every request at INFO; the run command's own lines are what matters. */
    private static void quietLibraryLogging() {
        FABRIC8_LOG.setLevel(Level.WARNING);
    }
}
