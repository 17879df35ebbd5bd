package dev.cairn.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/** Names of user-provided kubernetes.io/tls Secrets (with ca.crt) in the cluster's namespace. */
public class UserTlsSecrets {

    @Required
    @JsonPropertyDescription("Server certificate for the client port; its SANs must cover the client Service and "
            + "every member's DNS name.")
    private String server;

    @Required
    @JsonPropertyDescription("Peer certificate (serverAuth and clientAuth) covering every member's DNS name.")
    private String peer;

    @Required
    @JsonPropertyDescription("Client certificate (clientAuth) the operator uses to manage the members.")
    private String operatorClient;

    public String getServer() {
        return server;
    }

    public void setServer(String server) {
        this.server = server;
    }

    public String getPeer() {
        return peer;
    }

    public void setPeer(String peer) {
        this.peer = peer;
    }

    public String getOperatorClient() {
        return operatorClient;
    }

    public void setOperatorClient(String operatorClient) {
        this.operatorClient = operatorClient;
    }
}
