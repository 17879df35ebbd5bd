package dev.cairn.standin.cli;

import dev.cairn.standin.api.Manifests;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A small kubectl for the stand-in (kubectl itself is not installed here): apply, get, delete and scale, with
 * kubectl's spelling and default table columns, against the API a kubeconfig points at.
 */
public final class Kube {

    private final KubernetesClient client;
    private final PrintStream out;

    Kube(KubernetesClient client, PrintStream out) {
        this.client = client;
        this.out = out;
    }

    public static void main(String[] args) {
        System.exit(run(args, System.getenv("KUBECONFIG"), System.out, System.err));
    }

    static int run(String[] args, String kubeconfigEnv, PrintStream out, PrintStream err) {
        KubeCommand command;
        try {
            command = KubeCommand.parse(args, kubeconfigEnv);
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            return 2;
        }
        try (KubernetesClient client = new KubernetesClientBuilder()
                .withConfig(Config.fromKubeconfig(Files.readString(command.kubeconfig()))).build()) {
            new Kube(client, out).execute(command);
            return 0;
        } catch (IOException e) {
            err.println("kube: cannot read the kubeconfig " + command.kubeconfig() + " (is the stand-in running?)");
            return 1;
        } catch (IllegalArgumentException | IllegalStateException | UncheckedIOException e) {
            err.println("kube: " + e.getMessage());
            return 1;
        } catch (KubernetesClientException e) {
            err.println("kube: the API server answered: " + e.getMessage());
            return 1;
        }
    }

    void execute(KubeCommand command) {
        switch (command.verb()) {
            case "apply" -> apply(command);
            case "get" -> get(command);
            case "delete" -> delete(command);
            case "scale" -> scale(command);
            default -> throw new IllegalArgumentException("unknown command " + command.verb() + "\n"
                    + KubeCommand.USAGE);
        }
    }

    private void apply(KubeCommand command) {
        if (command.file() == null) {
            throw new IllegalArgumentException("apply needs -f FILE");
        }
        for (HasMetadata object : Manifests.apply(client, command.file())) {
            out.println(object.getKind().toLowerCase(java.util.Locale.ROOT) + "/" + object.getMetadata().getName()
                    + " applied");
        }
    }

    private void get(KubeCommand command) {
        if (command.words().isEmpty() || command.words().size() > 2) {
            throw new IllegalArgumentException("get takes a resource type and an optional name");
        }
        List<Kinds> kinds = new ArrayList<>();
        for (String name : command.words().getFirst().split(",")) {
            kinds.add(Kinds.named(name));
        }
        String name = command.words().size() == 2 ? command.words().get(1) : null;
        if (name != null && kinds.size() > 1) {
            throw new IllegalArgumentException("a name goes with one resource type only");
        }
        List<GenericKubernetesResource> all = new ArrayList<>();
        for (Kinds kind : kinds) {
            List<GenericKubernetesResource> found = find(kind, command.namespace(), name);
            all.addAll(found);
            if (!command.yaml()) {
                if (found.isEmpty()) {
                    out.println("No " + kind.name().toLowerCase(java.util.Locale.ROOT) + " found in "
                            + command.namespace() + " namespace.");
                } else {
                    out.print(Tables.render(kind, found, Instant.now()));
                }
                if (kinds.size() > 1) {
                    out.println();
                }
            }
        }
        if (command.yaml()) {
            Object shown = name != null ? all.getFirst() : all;
            out.print(new KubernetesSerialization().asYaml(shown));
        }
    }

    private List<GenericKubernetesResource> find(Kinds kind, String namespace, String name) {
        var resources = resources(kind).inNamespace(namespace);
        if (name == null) {
            return resources.list().getItems().stream()
                    .sorted(java.util.Comparator.comparing(object -> object.getMetadata().getName())).toList();
        }
        GenericKubernetesResource object = resources.withName(name).get();
        if (object == null) {
            throw new IllegalArgumentException(kind.kind + " " + namespace + "/" + name + " not found");
        }
        return List.of(object);
    }

    private void delete(KubeCommand command) {
        String name = etcdClusterName(command, "delete");
        etcdCluster(command.namespace(), name).delete();
        out.println("etcdcluster.cairn.dev \"" + name + "\" deleted");
    }

    private void scale(KubeCommand command) {
        String name = etcdClusterName(command, "scale");
        if (command.replicas().isEmpty()) {
            throw new IllegalArgumentException("scale needs --replicas=N");
        }
        etcdCluster(command.namespace(), name).patch(PatchContext.of(PatchType.JSON_MERGE),
                "{\"spec\":{\"replicas\":" + command.replicas().getAsInt() + "}}");
        out.println("etcdcluster.cairn.dev/" + name + " scaled");
    }

    /** The kind's resources; a kind the server does not know (its CRD missing) is named as such. */
    private io.fabric8.kubernetes.client.dsl.MixedOperation<GenericKubernetesResource,
            io.fabric8.kubernetes.api.model.GenericKubernetesResourceList,
            io.fabric8.kubernetes.client.dsl.Resource<GenericKubernetesResource>> resources(Kinds kind) {
        try {
            return client.genericKubernetesResources(kind.apiVersion, kind.kind);
        } catch (KubernetesClientException e) {
            throw new IllegalStateException("the API server does not serve " + kind.kind + " (" + kind.apiVersion
                    + "); is its CRD installed? (kube apply -f crds/...)", e);
        }
    }

    private static String etcdClusterName(KubeCommand command, String verb) {
        if (command.words().size() != 2 || Kinds.named(command.words().getFirst()) != Kinds.ETCDCLUSTERS) {
            throw new IllegalArgumentException(verb + " takes: etcdcluster NAME");
        }
        return command.words().get(1);
    }

    private io.fabric8.kubernetes.client.dsl.Resource<GenericKubernetesResource> etcdCluster(String namespace,
            String name) {
        var resource = resources(Kinds.ETCDCLUSTERS).inNamespace(namespace).withName(name);
        if (resource.get() == null) {
            throw new IllegalArgumentException("EtcdCluster " + namespace + "/" + name + " not found");
        }
        return resource;
    }
}
