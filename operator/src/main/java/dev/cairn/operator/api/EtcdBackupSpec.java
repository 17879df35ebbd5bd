package dev.cairn.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** Which cluster to back up now, and where to. */
public class EtcdBackupSpec {

    @Required
    @Size(max = 253)
    @JsonPropertyDescription("Name of the EtcdCluster in the same namespace.")
    private String clusterName;

    @JsonPropertyDescription("Where to write the backup; the cluster's scheduled-backup destination when unset.")
    private BackupDestination destination;

    public String getClusterName() {
        return clusterName;
    }

    public void setClusterName(String clusterName) {
        this.clusterName = clusterName;
    }

    public BackupDestination getDestination() {
        return destination;
    }

    public void setDestination(BackupDestination destination) {
        this.destination = destination;
    }
}
