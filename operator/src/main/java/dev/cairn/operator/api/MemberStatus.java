package dev.cairn.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** One member as the operator last saw it. */
public class MemberStatus {

    @JsonPropertyDescription("Member name, which is also its pod's name.")
    private String name;

    @JsonPropertyDescription("etcd member id, in hexadecimal.")
    private String id;

    private MemberRole role;

    private Boolean healthy;

    @JsonPropertyDescription("When healthy last changed (RFC 3339); the replacement policy counts from here, "
            + "so an operator restart does not reset it.")
    private String lastTransitionTime;

    @JsonPropertyDescription("Latest revision of the member's store.")
    private Long revision;

    @JsonPropertyDescription("Size of the member's backend in bytes.")
    private Long dbSizeBytes;

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public String getId() {
        return id;
    }

    public void setId(String id) {
        this.id = id;
    }

    public MemberRole getRole() {
        return role;
    }

    public void setRole(MemberRole role) {
        this.role = role;
    }

    public Boolean getHealthy() {
        return healthy;
    }

    public void setHealthy(Boolean healthy) {
        this.healthy = healthy;
    }

    public String getLastTransitionTime() {
        return lastTransitionTime;
    }

    public void setLastTransitionTime(String lastTransitionTime) {
        this.lastTransitionTime = lastTransitionTime;
    }

    public Long getRevision() {
        return revision;
    }

    public void setRevision(Long revision) {
        this.revision = revision;
    }

    public Long getDbSizeBytes() {
        return dbSizeBytes;
    }

    public void setDbSizeBytes(Long dbSizeBytes) {
        this.dbSizeBytes = dbSizeBytes;
    }
}
