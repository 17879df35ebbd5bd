package dev.cairn.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** One backup run as the status reports it. */
public class BackupRecord {

    @JsonPropertyDescription("The Job that took the backup.")
    private String job;

    @JsonPropertyDescription("Whether the backup succeeded.")
    private Boolean succeeded;

    @JsonPropertyDescription("Why the backup failed, when it did.")
    private String message;

    @JsonPropertyDescription("File name of the backup in its volume.")
    private String file;

    @JsonPropertyDescription("Revision of the cluster the backup holds.")
    private Long revision;

    @JsonPropertyDescription("Size of the backup file in bytes.")
    private Long sizeBytes;

    @JsonPropertyDescription("SHA-256 of the backup file, in hexadecimal.")
    private String sha256;

    @JsonPropertyDescription("When the backup completed (RFC 3339).")
    private String time;

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
