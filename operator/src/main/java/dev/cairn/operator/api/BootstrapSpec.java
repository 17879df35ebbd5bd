package dev.cairn.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.ValidationRule;

/** How the cluster is first formed. Immutable: it only matters before the first formation. */
@ValidationRule(value = "self == oldSelf", message = "bootstrap is immutable")
public class BootstrapSpec {

    @JsonPropertyDescription("Start every member from a backup instead of empty.")
    private RestoreSpec restore;

    public RestoreSpec getRestore() {
        return restore;
    }

    public void setRestore(RestoreSpec restore) {
        this.restore = restore;
    }
}
