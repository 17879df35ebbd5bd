package dev.cairn.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** A snapshot the members of a new cluster start from. */
public class RestoreSpec {

    @Required
    @Size(max = 253)
    @JsonPropertyDescription("PersistentVolumeClaim holding the backups.")
    private String claimName;

    @Size(max = 253)
    @JsonPropertyDescription("Name of the cluster whose backups to choose from (the prefix of their file names); this "
            + "cluster's name when unset.")
    private String sourceCluster;

    @Default("latest")
    @JsonPropertyDescription("A backup file name in the claim, or latest for the newest backup of sourceCluster.")
    private String file;

    public String getClaimName() {
        return claimName;
    }

    public void setClaimName(String claimName) {
        this.claimName = claimName;
    }

    public String getSourceCluster() {
        return sourceCluster;
    }

    public void setSourceCluster(String sourceCluster) {
        this.sourceCluster = sourceCluster;
    }

    public String getFile() {
        return file;
    }

    public void setFile(String file) {
        this.file = file;
    }
}
