package dev.cairn.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** What the status says of a backup file; the scheduled and the on-demand backups' statuses share these fields. */
public abstract class BackupFile {

    @JsonPropertyDescription("File name of the backup in its volume.")
    private String file;

    @JsonPropertyDescription("Revision of the cluster the backup holds.")
    private Long revision;

    @JsonPropertyDescription("Size of the backup file in bytes.")
    private Long sizeBytes;

    @JsonPropertyDescription("SHA-256 of the backup file, in hexadecimal.")
    private String sha256;

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
}
