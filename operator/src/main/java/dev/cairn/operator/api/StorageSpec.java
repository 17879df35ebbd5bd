package dev.cairn.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** The persistent volume of each member. */
@ValidationRule(value = "has(self.storageClassName) == has(oldSelf.storageClassName)"
        + " && (!has(self.storageClassName) || self.storageClassName == oldSelf.storageClassName)",
        message = "storage.storageClassName is immutable")
public class StorageSpec {

    @Default("8Gi")
    @Pattern("^[0-9]+(\\.[0-9]+)?(Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E)?$")
    @JsonPropertyDescription("Size of each member's volume, as a Kubernetes quantity (8Gi).")
    private String size;

    // Object names are at most 253 characters; the bound also keeps the CEL rule's estimated cost in budget.
    @Size(max = 253)
    @JsonPropertyDescription("Storage class of the volumes; the cluster default when unset. Immutable.")
    private String storageClassName;

    @Default("Retain")
    @JsonPropertyDescription("What happens to the volumes when the EtcdCluster is deleted: Retain keeps them, "
            + "Delete removes them with the cluster.")
    private VolumeReclaimPolicy reclaimPolicy;

    public String getSize() {
        return size;
    }

    public void setSize(String size) {
        this.size = size;
    }

    public String getStorageClassName() {
        return storageClassName;
    }

    public void setStorageClassName(String storageClassName) {
        this.storageClassName = storageClassName;
    }

    public VolumeReclaimPolicy getReclaimPolicy() {
        return reclaimPolicy;
    }

    public void setReclaimPolicy(VolumeReclaimPolicy reclaimPolicy) {
        this.reclaimPolicy = reclaimPolicy;
    }
}
