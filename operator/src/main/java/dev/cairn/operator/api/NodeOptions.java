package dev.cairn.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** etcd settings every member runs with; the names follow etcd's flags. */
@ValidationRule(value = "self.electionTimeoutMillis >= 5 * self.heartbeatIntervalMillis",
        message = "options.electionTimeoutMillis should be at least 5 times options.heartbeatIntervalMillis")
@ValidationRule(value = "!has(self.autoCompactionRetention) || self.autoCompactionMode != 'revision'"
        + " || self.autoCompactionRetention.matches('^[0-9]+$')",
        message = "options.autoCompactionRetention must be a revision count when autoCompactionMode is revision")
public class NodeOptions {

    @Min(0)
    @JsonPropertyDescription("--quota-backend-bytes: the backend size limit; 0 or unset for etcd's default (2 GiB).")
    private Long quotaBackendBytes;

    @Default("periodic")
    @JsonPropertyDescription("--auto-compaction-mode.")
    private AutoCompactionMode autoCompactionMode;

    // The bound keeps the CEL rule's estimated cost (it runs a regex on this string) within the API server's budget.
    @Size(max = 32)
    @Pattern("^([0-9]+|([0-9]+(\\.[0-9]+)?(h|m|s|ms))+)$")
    @JsonPropertyDescription("--auto-compaction-retention: a duration (1h30m) or hour count for periodic mode, a "
            + "revision count for revision mode; unset or 0 disables auto compaction.")
    private String autoCompactionRetention;

    @Min(1)
    @Default("100000")
    @JsonPropertyDescription("--snapshot-count: applied entries between two snapshots.")
    private Long snapshotCount;

    @Min(10)
    @Max(10000)
    @Default("100")
    @JsonPropertyDescription("--heartbeat-interval in milliseconds.")
    private Integer heartbeatIntervalMillis;

    @Min(50)
    @Max(50000)
    @Default("1000")
    @JsonPropertyDescription("--election-timeout in milliseconds; at least 5 heartbeat intervals.")
    private Integer electionTimeoutMillis;

    public Long getQuotaBackendBytes() {
        return quotaBackendBytes;
    }

    public void setQuotaBackendBytes(Long quotaBackendBytes) {
        this.quotaBackendBytes = quotaBackendBytes;
    }

    public AutoCompactionMode getAutoCompactionMode() {
        return autoCompactionMode;
    }

    public void setAutoCompactionMode(AutoCompactionMode autoCompactionMode) {
        this.autoCompactionMode = autoCompactionMode;
    }

    public String getAutoCompactionRetention() {
        return autoCompactionRetention;
    }

    public void setAutoCompactionRetention(String autoCompactionRetention) {
        this.autoCompactionRetention = autoCompactionRetention;
    }

    public Long getSnapshotCount() {
        return snapshotCount;
    }

    public void setSnapshotCount(Long snapshotCount) {
        this.snapshotCount = snapshotCount;
    }

    public Integer getHeartbeatIntervalMillis() {
        return heartbeatIntervalMillis;
    }

    public void setHeartbeatIntervalMillis(Integer heartbeatIntervalMillis) {
        this.heartbeatIntervalMillis = heartbeatIntervalMillis;
    }

    public Integer getElectionTimeoutMillis() {
        return electionTimeoutMillis;
    }

    public void setElectionTimeoutMillis(Integer electionTimeoutMillis) {
        this.electionTimeoutMillis = electionTimeoutMillis;
    }
}
