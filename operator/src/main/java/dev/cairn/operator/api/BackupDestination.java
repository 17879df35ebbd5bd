package dev.cairn.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;

/**
 * A volume for backups: an existing claim, or a claim the operator creates (and never deletes, so backups outlive
 * the cluster).
 */
public class BackupDestination {

    @Size(max = 253)
    @JsonPropertyDescription("Name of an existing PersistentVolumeClaim in the cluster's namespace to write backups to.")
    private String existingClaim;

    @Default("20Gi")
    @Pattern("^[0-9]+(\\.[0-9]+)?(Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E)?$")
    @JsonPropertyDescription("Size of the claim the operator creates when existingClaim is unset.")
    private String size;

    @Size(max = 253)
    @JsonPropertyDescription("Storage class of the claim the operator creates; the cluster default when unset.")
    private String storageClassName;

    public String getExistingClaim() {
        return existingClaim;
    }

    public void setExistingClaim(String existingClaim) {
        this.existingClaim = existingClaim;
    }

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
}
