package dev.cairn.operator.model;

import dev.cairn.operator.api.EtcdCluster;
import java.util.LinkedHashMap;
import java.util.Map;

/** Names, labels and addresses derived from an EtcdCluster's name and namespace; the one place they are spelled. */
public record ClusterNames(String cluster, String namespace) {

    public static final String NAME_LABEL = "app.kubernetes.io/name";
    public static final String INSTANCE_LABEL = "app.kubernetes.io/instance";
    public static final String MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";
    public static final String COMPONENT_LABEL = "app.kubernetes.io/component";

    public static ClusterNames of(EtcdCluster resource) {
        return new ClusterNames(resource.getMetadata().getName(), resource.getMetadata().getNamespace());
    }

    /** The StatefulSet, and so the prefix of every member's pod name. */
    public String statefulSet() {
        return cluster;
    }

    /** Headless Service giving each member a stable DNS name. */
    public String peerService() {
        return cluster + "-peer";
    }

    /** Service clients connect to. */
    public String clientService() {
        return cluster + "-client";
    }

    public String bootstrapConfigMap() {
        return cluster + "-bootstrap";
    }

    public String disruptionBudget() {
        return cluster;
    }

    public String caSecret() {
        return cluster + "-ca";
    }

    public String serverTlsSecret() {
        return cluster + "-server-tls";
    }

    public String peerTlsSecret() {
        return cluster + "-peer-tls";
    }

    public String operatorClientTlsSecret() {
        return cluster + "-operator-client-tls";
    }

    /** Member name, identical to its pod's name: {@code <cluster>-<ordinal>}. */
    public String member(int ordinal) {
        if (ordinal < 0) {
            throw new IllegalArgumentException("member ordinal must not be negative, got " + ordinal);
        }
        return cluster + "-" + ordinal;
    }

    /** The member's stable DNS name through the headless peer Service. */
    public String memberHost(String member) {
        return member + "." + peerService() + "." + namespace + ".svc";
    }

    public String clientServiceHost() {
        return clientService() + "." + namespace + ".svc";
    }

    /** Token that keeps two clusters of the same name in different namespaces from joining each other. */
    public String initialClusterToken() {
        return namespace + "." + cluster;
    }

    /** Labels every member pod carries and every selector matches. */
    public Map<String, String> selectorLabels() {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(NAME_LABEL, "cairn");
        labels.put(INSTANCE_LABEL, cluster);
        return labels;
    }

    /** Labels of every object the operator owns. */
    public Map<String, String> labels() {
        Map<String, String> labels = selectorLabels();
        labels.put(COMPONENT_LABEL, "etcd");
        labels.put(MANAGED_BY_LABEL, "cairn-operator");
        return labels;
    }

    /** The selector in the string form the scale subresource reports. */
    public String selector() {
        StringBuilder text = new StringBuilder();
        selectorLabels().forEach((key, value) -> text.append(text.isEmpty() ? "" : ",").append(key).append('=')
                .append(value));
        return text.toString();
    }
}
