package dev.cairn.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** One backup run as the status reports it. */
public class BackupRecord extends BackupFile {

    @JsonPropertyDescription("The Job that took the backup.")
    private String job;

    @JsonPropertyDescription("Whether the backup succeeded.")
    private Boolean succeeded;

    @JsonPropertyDescription("Why the backup failed, when it did.")
    private String message;

    @JsonPropertyDescription("When the backup completed (RFC 3339).")
    private String time;

    public String getTime() {
        return time;
    }

    public void setTime(String time) {
        this.time = time;
    }

    public String getJob() {
        return job;
    }

    public void setJob(String job) {
        this.job = job;
    }

    public Boolean getSucceeded() {
        return succeeded;
    }

    public void setSucceeded(Boolean succeeded) {
        this.succeeded = succeeded;
    }

    public String getMessage() {
        return message;
    }

    public void setMessage(String message) {
        this.message = message;
    }
}
