package dev.cairn.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;

/** Which backups survive pruning: a backup is kept when any rule that is set keeps it. */
public class BackupRetentionSpec {

    @Min(1)
    @JsonPropertyDescription("Keep the newest this many backups.")
    private Integer keepLast;

    @Pattern("^([0-9]+(\\.[0-9]+)?(h|m|s))+$")
    @JsonPropertyDescription("Keep every backup younger than this duration (for example 168h).")
    private String keepWithin;

    public Integer getKeepLast() {
        return keepLast;
    }

    public void setKeepLast(Integer keepLast) {
        this.keepLast = keepLast;
    }

    public String getKeepWithin() {
        return keepWithin;
    }

    public void setKeepWithin(String keepWithin) {
        this.keepWithin = keepWithin;
    }
}
