package dev.cairn.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** One backup as the status reports it. */
public class BackupRecord {

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
}
