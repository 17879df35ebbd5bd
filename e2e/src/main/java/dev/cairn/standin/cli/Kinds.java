package dev.cairn.standin.cli;

import java.util.List;
import java.util.Locale;

/** The kinds {@code kube get} shows, by the names kubectl accepts for them. */
enum Kinds {
    ETCDCLUSTERS("cairn.dev/v1alpha1", "EtcdCluster", List.of("etcdclusters", "etcdcluster", "etcdc")),
    PODS("v1", "Pod", List.of("pods", "pod", "po")),
    PVC("v1", "PersistentVolumeClaim", List.of("persistentvolumeclaims", "persistentvolumeclaim", "pvc")),
    STATEFULSETS("apps/v1", "StatefulSet", List.of("statefulsets", "statefulset", "sts"));

    final String apiVersion;
    final String kind;
    private final List<String> names;

    Kinds(String apiVersion, String kind, List<String> names) {
        this.apiVersion = apiVersion;
        this.kind = kind;
        this.names = names;
    }

    static Kinds named(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        for (Kinds kind : values()) {
            if (kind.names.contains(lower)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown resource type " + name
                + " (kube knows etcdclusters, pods, pvc, statefulsets)");
    }
}
