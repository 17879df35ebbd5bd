package dev.cairn.standin.kubelet;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Base64;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Materializes a pod's volumes as host directories: secret and configMap volumes as one file per key (or per
 * {@code items} entry, with {@code defaultMode}/{@code mode}), emptyDir under the pod's directory, and
 * persistentVolumeClaim as one directory per PVC uid, so it outlives the pod and a recreated PVC starts empty.
 * Secret and ConfigMap contents are written once, when the pod starts; later changes are not propagated.
 */
final class PodVolumes {

    private static final int DEFAULT_MODE = 0644;

    private final KubernetesClient client;
    private final Path claimsDir;

    PodVolumes(KubernetesClient client, Path workDir) {
        this.client = client;
        this.claimsDir = workDir.resolve("claims");
    }

    /** The host directory of each volume by name; pod-scoped ones are created under {@code podVolumesDir}. */
    Map<String, Path> materialize(Pod pod, Path podVolumesDir) throws ContainerConfigException, IOException {
        String namespace = pod.getMetadata().getNamespace();
        Map<String, Path> dirs = new LinkedHashMap<>();
        List<Volume> volumes = pod.getSpec().getVolumes() == null ? List.of() : pod.getSpec().getVolumes();
        for (Volume volume : volumes) {
            Path dir = podVolumesDir.resolve(volume.getName());
            if (volume.getEmptyDir() != null) {
                Files.createDirectories(dir);
            } else if (volume.getSecret() != null) {
                writeSecret(namespace, volume, dir);
            } else if (volume.getConfigMap() != null) {
                writeConfigMap(namespace, volume, dir);
            } else if (volume.getPersistentVolumeClaim() != null) {
                dir = claimDir(namespace, volume.getPersistentVolumeClaim().getClaimName());
            } else {
                throw new ContainerConfigException("CreateContainerConfigError",
                        "volume " + volume.getName() + ": only emptyDir, secret, configMap and persistentVolumeClaim"
                                + " volumes are simulated");
            }
            dirs.put(volume.getName(), dir);
        }
        return dirs;
    }

    private Path claimDir(String namespace, String claimName) throws ContainerConfigException, IOException {
        PersistentVolumeClaim claim = client.persistentVolumeClaims().inNamespace(namespace).withName(claimName).get();
        if (claim == null) {
            throw new ContainerConfigException("ContainerCreating",
                    "persistentvolumeclaim \"" + claimName + "\" not found");
        }
        Path dir = claimsDir.resolve(claim.getMetadata().getUid());
        Files.createDirectories(dir);
        return dir;
    }

    private void writeSecret(String namespace, Volume volume, Path dir) throws ContainerConfigException, IOException {
        var source = volume.getSecret();
        Secret secret = client.secrets().inNamespace(namespace).withName(source.getSecretName()).get();
        if (secret == null) {
            if (Boolean.TRUE.equals(source.getOptional())) {
                Files.createDirectories(dir);
                return;
            }
            throw new ContainerConfigException("ContainerCreating",
                    "secret \"" + source.getSecretName() + "\" not found");
        }
        writeKeys(dir, secretBytes(secret), source.getItems(), source.getDefaultMode(),
                "secret " + source.getSecretName());
    }

    private void writeConfigMap(String namespace, Volume volume, Path dir)
            throws ContainerConfigException, IOException {
        var source = volume.getConfigMap();
        ConfigMap configMap = client.configMaps().inNamespace(namespace).withName(source.getName()).get();
        if (configMap == null) {
            if (Boolean.TRUE.equals(source.getOptional())) {
                Files.createDirectories(dir);
                return;
            }
            throw new ContainerConfigException("ContainerCreating",
                    "configmap \"" + source.getName() + "\" not found");
        }
        writeKeys(dir, configMapBytes(configMap), source.getItems(), source.getDefaultMode(),
                "configmap " + source.getName());
    }

    static Map<String, byte[]> secretBytes(Secret secret) {
        Map<String, byte[]> bytes = new LinkedHashMap<>();
        if (secret.getData() != null) {
            secret.getData().forEach((key, value) -> bytes.put(key, Base64.getDecoder().decode(value)));
        }
        // The API server folds stringData into data; the mock server keeps it as written.
        if (secret.getStringData() != null) {
            secret.getStringData().forEach((key, value) -> bytes.put(key, value.getBytes(StandardCharsets.UTF_8)));
        }
        return bytes;
    }

    static Map<String, byte[]> configMapBytes(ConfigMap configMap) {
        Map<String, byte[]> bytes = new LinkedHashMap<>();
        if (configMap.getData() != null) {
            configMap.getData().forEach((key, value) -> bytes.put(key, value.getBytes(StandardCharsets.UTF_8)));
        }
        if (configMap.getBinaryData() != null) {
            configMap.getBinaryData().forEach((key, value) -> bytes.put(key, Base64.getDecoder().decode(value)));
        }
        return bytes;
    }

    private static void writeKeys(Path dir, Map<String, byte[]> data, List<KeyToPath> items, Integer defaultMode,
                                  String what) throws ContainerConfigException, IOException {
        Files.createDirectories(dir);
        int mode = defaultMode == null ? DEFAULT_MODE : defaultMode;
        if (items == null || items.isEmpty()) {
            for (Map.Entry<String, byte[]> entry : data.entrySet()) {
                write(dir.resolve(entry.getKey()), entry.getValue(), mode);
            }
            return;
        }
        for (KeyToPath item : items) {
            byte[] value = data.get(item.getKey());
            if (value == null) {
                throw new ContainerConfigException("CreateContainerConfigError",
                        "couldn't find key " + item.getKey() + " in " + what);
            }
            Path file = dir.resolve(item.getPath()).normalize();
            if (!file.startsWith(dir)) {
                throw new ContainerConfigException("CreateContainerConfigError",
                        "item path " + item.getPath() + " of " + what + " leaves the volume");
            }
            Files.createDirectories(file.getParent());
            write(file, value, item.getMode() == null ? mode : item.getMode());
        }
    }

    private static void write(Path file, byte[] value, int mode) throws IOException {
        Files.write(file, value);
        Files.setPosixFilePermissions(file, permissions(mode));
    }

    static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> permissions = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] order = {
                PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
                PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
                PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ};
        for (int bit = 0; bit < order.length; bit++) {
            if ((mode & (1 << bit)) != 0) {
                permissions.add(order[bit]);
            }
        }
        return permissions;
    }
}
