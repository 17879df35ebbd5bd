package dev.cairn.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** The outcome of one on-demand backup; written only by the operator. */
public class EtcdBackupStatus {

    @JsonPropertyDescription("Pending, Running, Succeeded or Failed.")
    private BackupPhase phase;

    @JsonPropertyDescription("File name of the backup in its volume.")
    private String file;

    @JsonPropertyDescription("Revision of the cluster the backup holds.")
    private Long revision;

    @JsonPropertyDescription("Size of the backup file in bytes.")
    private Long sizeBytes;

    @JsonPropertyDescription("SHA-256 of the backup file, in hexadecimal.")
    private String sha256;

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

    public String getFile() {
        return file;
    }

    public void setFile(String file) {
        this.file = file;
    }

    public Long getRevision() {
        return revision;
    }

    public void setRevision(Long revision) {
        this.revision = revision;
    }

    public Long getSizeBytes() {
        return sizeBytes;
    }

    public void setSizeBytes(Long sizeBytes) {
        this.sizeBytes = sizeBytes;
    }

    public String getSha256() {
        return sha256;
    }

    public void setSha256(String sha256) {
        this.sha256 = sha256;
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
