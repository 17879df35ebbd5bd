package dev.cairn.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/** Scheduled backups of the cluster: a CronJob that saves verified snapshots to a volume. */
public class BackupSpec {

    @Required
    @Pattern("^\\S+\\s+\\S+\\s+\\S+\\s+\\S+\\s+\\S+$")
    @JsonPropertyDescription("When to take a backup, as a five-field cron schedule in UTC (for example 0 */6 * * *).")
    private String schedule;

    @Default("false")
    @JsonPropertyDescription("Stops scheduling backups (backups already taken stay).")
    private Boolean suspend;

    @Default("{\"keepLast\":7}")
    @JsonPropertyDescription("Which backups to keep; older ones are deleted after each successful backup.")
    private BackupRetentionSpec retention;

    @Default("{}")
    @JsonPropertyDescription("Where the backups are written.")
    private BackupDestination destination;

    public String getSchedule() {
        return schedule;
    }

    public void setSchedule(String schedule) {
        this.schedule = schedule;
    }

    public Boolean getSuspend() {
        return suspend;
    }

    public void setSuspend(Boolean suspend) {
        this.suspend = suspend;
    }

    public BackupRetentionSpec getRetention() {
        return retention;
    }

    public void setRetention(BackupRetentionSpec retention) {
        this.retention = retention;
    }

    public BackupDestination getDestination() {
        return destination;
    }

    public void setDestination(BackupDestination destination) {
        this.destination = destination;
    }
}
