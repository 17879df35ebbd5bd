package dev.cairn.operator.pki;

import java.util.List;
import org.bouncycastle.asn1.x509.KeyPurposeId;

/** The three kinds of leaf certificate a cluster needs, told apart by their extended key usages. */
public enum CertificateProfile {
    /** The client port: members prove themselves to clients. */
    SERVER(List.of(KeyPurposeId.id_kp_serverAuth)),
    /** The peer port: each member is both server and client of the others. */
    PEER(List.of(KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth)),
    /** The operator's own identity towards the members. */
    CLIENT(List.of(KeyPurposeId.id_kp_clientAuth));

    private final List<KeyPurposeId> extendedKeyUsages;

    CertificateProfile(List<KeyPurposeId> extendedKeyUsages) {
        this.extendedKeyUsages = extendedKeyUsages;
    }

    KeyPurposeId[] extendedKeyUsages() {
        return extendedKeyUsages.toArray(KeyPurposeId[]::new);
    }
}
