package dev.cairn.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.ValidationRule;

/** Mutual TLS for clients and peers: certificates the operator issues, or Secrets the user provides. */
@ValidationRule(value = "self.renewBeforeDays < self.certificateValidityDays",
        message = "tls.renewBeforeDays must be smaller than tls.certificateValidityDays")
@ValidationRule(value = "self.enabled || !has(self.secrets)",
        message = "tls.secrets needs tls.enabled")
public class TlsSpec {

    @Default("true")
    @JsonPropertyDescription("Serve clients and peers over mutual TLS. Off means plain http on both ports.")
    private Boolean enabled;

    @Min(1)
    @Max(3650)
    @Default("365")
    @JsonPropertyDescription("Validity of the server, peer and client certificates the operator issues, in days.")
    private Integer certificateValidityDays;

    @Min(1)
    @Default("30")
    @JsonPropertyDescription("Days before expiry at which the operator issues a new certificate.")
    private Integer renewBeforeDays;

    @JsonPropertyDescription("Secrets to use instead of issuing certificates; each holds tls.crt, tls.key and ca.crt.")
    private UserTlsSecrets secrets;

    public Boolean getEnabled() {
        return enabled;
    }

    public void setEnabled(Boolean enabled) {
        this.enabled = enabled;
    }

    public Integer getCertificateValidityDays() {
        return certificateValidityDays;
    }

    public void setCertificateValidityDays(Integer certificateValidityDays) {
        this.certificateValidityDays = certificateValidityDays;
    }

    public Integer getRenewBeforeDays() {
        return renewBeforeDays;
    }

    public void setRenewBeforeDays(Integer renewBeforeDays) {
        this.renewBeforeDays = renewBeforeDays;
    }

    public UserTlsSecrets getSecrets() {
        return secrets;
    }

    public void setSecrets(UserTlsSecrets secrets) {
        this.secrets = secrets;
    }
}
