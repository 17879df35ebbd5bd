package dev.cairn.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.model.annotation.SpecReplicas;

/** What the user asks for. Defaults live in the schema, so a stored resource always carries them. */
public class EtcdClusterSpec {

    @SpecReplicas
    @Min(1)
    @Max(9)
    @Default("3")
    @JsonPropertyDescription("Number of members, 1 to 9. An even number is accepted but reported: it tolerates no "
            + "more failures than the odd number below it.")
    private Integer replicas;

    @Default("0.1.0")
    @Pattern("^[0-9]+\\.[0-9]+\\.[0-9]+([-+][0-9A-Za-z.-]+)?$")
    @JsonPropertyDescription("cairn version to run; selects the image unless image is set.")
    private String version;

    @JsonPropertyDescription("Container image to run instead of the one the version selects.")
    private String image;

    @Default("{}")
    @JsonPropertyDescription("Each member's persistent volume.")
    private StorageSpec storage;

    @JsonPropertyDescription("CPU and memory requests and limits of the member container.")
    private ResourceRequirements resources;

    @JsonPropertyDescription("Scheduling and metadata of the member pods.")
    private PodOptions pod;

    @Default("{}")
    @JsonPropertyDescription("Client and peer mutual TLS.")
    private TlsSpec tls;

    @Default("{}")
    @JsonPropertyDescription("Settings passed to every member.")
    private NodeOptions options;

    @Default("{}")
    @JsonPropertyDescription("When an unhealthy member is replaced.")
    private HealthPolicy healthPolicy;

    @JsonPropertyDescription("Scheduled backups; none when unset.")
    private BackupSpec backup;

    @JsonPropertyDescription("How the cluster is first formed: empty, or restored from a backup. Immutable.")
    private BootstrapSpec bootstrap;

    public Integer getReplicas() {
        return replicas;
    }

    public void setReplicas(Integer replicas) {
        this.replicas = replicas;
    }

    public String getVersion() {
        return version;
    }

    public void setVersion(String version) {
        this.version = version;
    }

    public String getImage() {
        return image;
    }

    public void setImage(String image) {
        this.image = image;
    }

    public StorageSpec getStorage() {
        return storage;
    }

    public void setStorage(StorageSpec storage) {
        this.storage = storage;
    }

    public ResourceRequirements getResources() {
        return resources;
    }

    public void setResources(ResourceRequirements resources) {
        this.resources = resources;
    }

    public PodOptions getPod() {
        return pod;
    }

    public void setPod(PodOptions pod) {
        this.pod = pod;
    }

    public TlsSpec getTls() {
        return tls;
    }

    public void setTls(TlsSpec tls) {
        this.tls = tls;
    }

    public NodeOptions getOptions() {
        return options;
    }

    public void setOptions(NodeOptions options) {
        this.options = options;
    }

    public HealthPolicy getHealthPolicy() {
        return healthPolicy;
    }

    public void setHealthPolicy(HealthPolicy healthPolicy) {
        this.healthPolicy = healthPolicy;
    }

    public BackupSpec getBackup() {
        return backup;
    }

    public void setBackup(BackupSpec backup) {
        this.backup = backup;
    }

    public BootstrapSpec getBootstrap() {
        return bootstrap;
    }

    public void setBootstrap(BootstrapSpec bootstrap) {
        this.bootstrap = bootstrap;
    }
}
