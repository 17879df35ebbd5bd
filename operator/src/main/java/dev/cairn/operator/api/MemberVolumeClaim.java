package dev.cairn.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Which volume claim held a member's data when the member was last seen healthy. */
public class MemberVolumeClaim {

    @JsonPropertyDescription("Member name, which is also its pod's name.")
    private String member;

    @JsonPropertyDescription("uid of the claim; a claim of the same name with another uid is a new, empty one.")
    private String claimUid;

    public MemberVolumeClaim() {
    }

    public MemberVolumeClaim(String member, String claimUid) {
        this.member = member;
        this.claimUid = claimUid;
    }

    public String getMember() {
        return member;
    }

    public void setMember(String member) {
        this.member = member;
    }

    public String getClaimUid() {
        return claimUid;
    }

    public void setClaimUid(String claimUid) {
        this.claimUid = claimUid;
    }
}
