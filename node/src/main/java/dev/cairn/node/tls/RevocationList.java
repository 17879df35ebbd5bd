package dev.cairn.node.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.cert.CRLException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;

/**
 * A certificate revocation list file (PEM or DER), as etcd's {@code --client-crl-file}: re-read when the file
 * changes, so an operator revokes a certificate without restarting the member, as etcd reads it per connection.
 * A file that cannot be read fails every check: a revocation must never be skipped silently.
 */
final class RevocationList {
    private final String setting;
    private final Path file;
    private FileTime loadedVersion;
    private X509CRL crl;

    private RevocationList(String setting, Path file) {
        this.setting = setting;
        this.file = file;
    }

    /** Reads the list once now, so a missing or malformed file stops the member at startup. */
    static RevocationList load(String setting, Path file) throws TlsSetupException {
        RevocationList list = new RevocationList(setting, file);
        try {
            list.current();
        } catch (CertificateException e) {
            throw new TlsSetupException(e.getMessage(), e);
        }
        return list;
    }

    /** Fails when a certificate of the chain is on the list, or when the list cannot be read. */
    synchronized void check(X509Certificate[] chain) throws CertificateException {
        X509CRL current = current();
        for (X509Certificate certificate : chain) {
            if (current.isRevoked(certificate)) {
                throw new CertificateException("certificate " + certificate.getSubjectX500Principal().getName()
                        + " (serial " + certificate.getSerialNumber().toString(16) + ") is revoked by " + setting
                        + " " + file);
            }
        }
    }

    private X509CRL current() throws CertificateException {
        try {
            FileTime version = Files.getLastModifiedTime(file);
            if (crl == null || !version.equals(loadedVersion)) {
                byte[] bytes = Files.readAllBytes(file);
                crl = (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(new ByteArrayInputStream(bytes));
                loadedVersion = version;
            }
            return crl;
        } catch (NoSuchFileException e) {
            throw new CertificateException(setting + " " + file + ": no such file", e);
        } catch (IOException e) {
            throw new CertificateException(setting + " " + file + ": cannot read: " + e.getMessage(), e);
        } catch (CRLException | ClassCastException e) {
            throw new CertificateException(setting + " " + file + ": not a valid certificate revocation list: "
                    + e.getMessage(), e);
        }
    }
}
