package dev.cairn.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Min;

/** How patient the operator is with an unhealthy member before replacing it. */
public class HealthPolicy {

    @Min(30)
    @Default("300")
    @JsonPropertyDescription("Seconds a member may stay unhealthy before it is replaced (only while the other "
            + "members keep quorum); after a quorum loss they are counted from when the majority returned.")
    private Integer unhealthySecondsBeforeReplacement;

    public Integer getUnhealthySecondsBeforeReplacement() {
        return unhealthySecondsBeforeReplacement;
    }

    public void setUnhealthySecondsBeforeReplacement(Integer unhealthySecondsBeforeReplacement) {
        this.unhealthySecondsBeforeReplacement = unhealthySecondsBeforeReplacement;
    }
}
