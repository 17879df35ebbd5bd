package dev.cairn.standin.kubelet;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapKeySelector;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarSource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A container's environment as the kubelet builds it: {@code envFrom} sources first, then {@code env} in order,
 * each value expanded against the variables defined before it; {@code valueFrom} reads fieldRef
 * ({@code metadata.name}, {@code metadata.namespace}, {@code metadata.uid}, {@code status.podIP},
 * {@code spec.nodeName}, {@code spec.serviceAccountName}, labels and annotations), configMapKeyRef and secretKeyRef
 * (honouring {@code optional}).
 */
final class ContainerEnv {

    private final KubernetesClient client;

    ContainerEnv(KubernetesClient client) {
        this.client = client;
    }

    Map<String, String> resolve(Pod pod, Container container, String podIp, String nodeName)
            throws ContainerConfigException {
        String namespace = pod.getMetadata().getNamespace();
        Map<String, String> env = new LinkedHashMap<>();
        if (container.getEnvFrom() != null) {
            for (EnvFromSource source : container.getEnvFrom()) {
                addFrom(namespace, source, env);
            }
        }
        if (container.getEnv() != null) {
            for (EnvVar variable : container.getEnv()) {
                if (variable.getValueFrom() != null) {
                    String value = valueFrom(pod, variable, podIp, nodeName);
                    if (value != null) {
                        env.put(variable.getName(), value);
                    }
                } else {
                    String value = variable.getValue() == null ? "" : variable.getValue();
                    env.put(variable.getName(), VarExpansion.expand(value, env));
                }
            }
        }
        return env;
    }

    private void addFrom(String namespace, EnvFromSource source, Map<String, String> env)
            throws ContainerConfigException {
        String prefix = source.getPrefix() == null ? "" : source.getPrefix();
        if (source.getConfigMapRef() != null) {
            ConfigMap configMap = client.configMaps().inNamespace(namespace)
                    .withName(source.getConfigMapRef().getName()).get();
            if (configMap == null) {
                missing(source.getConfigMapRef().getOptional(), "configmap", source.getConfigMapRef().getName());
                return;
            }
            PodVolumes.configMapBytes(configMap).forEach((key, value) ->
                    env.put(prefix + key, new String(value, StandardCharsets.UTF_8)));
        } else if (source.getSecretRef() != null) {
            Secret secret = client.secrets().inNamespace(namespace).withName(source.getSecretRef().getName()).get();
            if (secret == null) {
                missing(source.getSecretRef().getOptional(), "secret", source.getSecretRef().getName());
                return;
            }
            PodVolumes.secretBytes(secret).forEach((key, value) ->
                    env.put(prefix + key, new String(value, StandardCharsets.UTF_8)));
        }
    }

    private String valueFrom(Pod pod, EnvVar variable, String podIp, String nodeName)
            throws ContainerConfigException {
        EnvVarSource source = variable.getValueFrom();
        String namespace = pod.getMetadata().getNamespace();
        if (source.getFieldRef() != null) {
            return field(pod, source.getFieldRef().getFieldPath(), podIp, nodeName);
        }
        if (source.getConfigMapKeyRef() != null) {
            ConfigMapKeySelector ref = source.getConfigMapKeyRef();
            ConfigMap configMap = client.configMaps().inNamespace(namespace).withName(ref.getName()).get();
            if (configMap == null) {
                return missing(ref.getOptional(), "configmap", ref.getName());
            }
            byte[] value = PodVolumes.configMapBytes(configMap).get(ref.getKey());
            if (value == null) {
                return missing(ref.getOptional(), "key " + ref.getKey() + " in configmap", ref.getName());
            }
            return new String(value, StandardCharsets.UTF_8);
        }
        if (source.getSecretKeyRef() != null) {
            SecretKeySelector ref = source.getSecretKeyRef();
            Secret secret = client.secrets().inNamespace(namespace).withName(ref.getName()).get();
            if (secret == null) {
                return missing(ref.getOptional(), "secret", ref.getName());
            }
            byte[] value = PodVolumes.secretBytes(secret).get(ref.getKey());
            if (value == null) {
                return missing(ref.getOptional(), "key " + ref.getKey() + " in secret", ref.getName());
            }
            return new String(value, StandardCharsets.UTF_8);
        }
        throw new ContainerConfigException("CreateContainerConfigError",
                "env " + variable.getName() + ": only fieldRef, configMapKeyRef and secretKeyRef are simulated");
    }

    private static String field(Pod pod, String path, String podIp, String nodeName) throws ContainerConfigException {
        var metadata = pod.getMetadata();
        switch (path) {
            case "metadata.name":
                return metadata.getName();
            case "metadata.namespace":
                return metadata.getNamespace();
            case "metadata.uid":
                return metadata.getUid();
            case "status.podIP":
                return podIp;
            case "status.hostIP":
                return Kubelet.HOST_IP;
            case "spec.nodeName":
                return nodeName;
            case "spec.serviceAccountName":
                return pod.getSpec().getServiceAccountName();
            default:
                break;
        }
        String label = bracketed(path, "metadata.labels");
        if (label != null) {
            return metadata.getLabels() == null ? "" : metadata.getLabels().getOrDefault(label, "");
        }
        String annotation = bracketed(path, "metadata.annotations");
        if (annotation != null) {
            return metadata.getAnnotations() == null ? "" : metadata.getAnnotations().getOrDefault(annotation, "");
        }
        throw new ContainerConfigException("CreateContainerConfigError", "unsupported fieldRef " + path);
    }

    /** {@code metadata.labels['key']} -> key. */
    private static String bracketed(String path, String field) {
        String start = field + "['";
        return path.startsWith(start) && path.endsWith("']") ? path.substring(start.length(), path.length() - 2) : null;
    }

    private static String missing(Boolean optional, String what, String name) throws ContainerConfigException {
        if (Boolean.TRUE.equals(optional)) {
            return null;
        }
        throw new ContainerConfigException("CreateContainerConfigError", what + " \"" + name + "\" not found");
    }
}
