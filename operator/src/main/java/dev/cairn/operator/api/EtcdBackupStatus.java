package dev.cairn.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** The outcome of one on-demand backup; written only by the operator. */
public class EtcdBackupStatus extends BackupFile {

    @JsonPropertyDescription("Pending, Running, Succeeded or Failed.")
    private BackupPhase phase;

    @JsonPropertyDescription("When the backup started (RFC 3339).")
    private String startTime;

    @JsonPropertyDescription("When the backup completed or failed (RFC 3339).")
    private String completionTime;

    @JsonPropertyDescription("Why the backup failed, when it did.")
    private String message;

    public BackupPhase getPhase() {
        return phase;
    }

    public void setPhase(BackupPhase phase) {
        this.phase = phase;
    }

    public String getStartTime() {
        return startTime;
    }

    public void setStartTime(String startTime) {
        this.startTime = startTime;
    }

    public String getCompletionTime() {
        return completionTime;
    }

    public void setCompletionTime(String completionTime) {
        this.completionTime = completionTime;
    }

    public String getMessage() {
        return message;
    }

    public void setMessage(String message) {
        this.message = message;
    }
}
