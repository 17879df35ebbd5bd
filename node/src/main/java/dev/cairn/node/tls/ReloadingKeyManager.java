package dev.cairn.node.tls;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * The certificate and key of a TLS context, read again when their files change while the member runs, as etcd reads
 * them for every handshake: a renewed certificate (a Kubernetes Secret volume is updated in place) is served from the
 * next handshake on, without a restart. Each handshake compares the files' identity, size and modification time with
 * those of the pair in use. A new pair that does not load (half written, or a key that does not match) is reported
 * once and the pair in use stays.
 *
 * <p>Each loaded pair gets its own alias, and the previous pair stays known, so a handshake that chose its alias just
 * before a reload still gets a matching chain and key.
 */
final class ReloadingKeyManager extends X509ExtendedKeyManager {
    private static final System.Logger LOG = System.getLogger(ReloadingKeyManager.class.getName());
    private static final char[] NO_PASSWORD = new char[0];

    private record Stamp(Object certId, FileTime certTime, long certSize, Object keyId, FileTime keyTime,
                         long keySize) {
    }

    /** One loaded pair: the JDK's key manager over a key store that holds it under an alias of its own. */
    private record Pair(Stamp stamp, X509ExtendedKeyManager keys) {
    }

    private final String certSetting;
    private final Path certFile;
    private final String keySetting;
    private final Path keyFile;
    /** Numbers the aliases; changed only while loading, which is serialized. */
    private long generation;
    private volatile Pair current;
    private volatile Pair previous;
    /** The stamp of a pair that failed to load, so it is not parsed again at every handshake. */
    private volatile Stamp refused;
    /** The last problem logged, so one that lasts (a file missing for a while) is logged once. */
    private volatile String lastWarning;

    private ReloadingKeyManager(String certSetting, Path certFile, String keySetting, Path keyFile) {
        this.certSetting = certSetting;
        this.certFile = certFile;
        this.keySetting = keySetting;
        this.keyFile = keyFile;
    }

    /** Loads the pair now, failing as at startup when it cannot be used. */
    static KeyManager load(String certSetting, Path certFile, String keySetting, Path keyFile)
            throws TlsSetupException {
        ReloadingKeyManager manager = new ReloadingKeyManager(certSetting, certFile, keySetting, keyFile);
        Stamp stamp = manager.stamp();
        manager.current = manager.loadPair(stamp);
        return manager;
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return refreshed().keys().chooseServerAlias(keyType, issuers, socket);
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        return refreshed().keys().chooseEngineServerAlias(keyType, issuers, engine);
    }

    @Override
    public String chooseClientAlias(String[] keyTypes, Principal[] issuers, Socket socket) {
        return refreshed().keys().chooseClientAlias(keyTypes, issuers, socket);
    }

    @Override
    public String chooseEngineClientAlias(String[] keyTypes, Principal[] issuers, SSLEngine engine) {
        return refreshed().keys().chooseEngineClientAlias(keyTypes, issuers, engine);
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        return current.keys().getServerAliases(keyType, issuers);
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return current.keys().getClientAliases(keyType, issuers);
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        X509Certificate[] chain = current.keys().getCertificateChain(alias);
        Pair before = previous;
        return chain != null || before == null ? chain : before.keys().getCertificateChain(alias);
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        PrivateKey key = current.keys().getPrivateKey(alias);
        Pair before = previous;
        return key != null || before == null ? key : before.keys().getPrivateKey(alias);
    }

    /** The pair to use for a new handshake, after loading the files again if they changed. */
    private Pair refreshed() {
        Pair inUse = current;
        Stamp now;
        try {
            now = stamp();
        } catch (TlsSetupException e) {
            warnOnce(e);
            return inUse;
        }
        if (now.equals(inUse.stamp()) || now.equals(refused)) {
            return inUse;
        }
        synchronized (this) {
            if (!now.equals(current.stamp())) {
                try {
                    Pair loaded = loadPair(now);
                    previous = current;
                    current = loaded;
                    refused = null;
                    lastWarning = null;
                    LOG.log(System.Logger.Level.INFO, "loaded the changed certificate {0} and key {1}", certFile,
                            keyFile);
                } catch (TlsSetupException e) {
                    refused = now;
                    warnOnce(e);
                }
            }
            return current;
        }
    }

    private void warnOnce(TlsSetupException e) {
        if (!e.getMessage().equals(lastWarning)) {
            lastWarning = e.getMessage();
            LOG.log(System.Logger.Level.WARNING, "keeping the certificate in use: {0}", e.getMessage());
        }
    }

    private Stamp stamp() throws TlsSetupException {
        BasicFileAttributes cert = attributes(certSetting, certFile);
        BasicFileAttributes key = attributes(keySetting, keyFile);
        return new Stamp(cert.fileKey(), cert.lastModifiedTime(), cert.size(), key.fileKey(), key.lastModifiedTime(),
                key.size());
    }

    private static BasicFileAttributes attributes(String setting, Path file) throws TlsSetupException {
        try {
            return Files.readAttributes(file, BasicFileAttributes.class); // follows links, as a Secret volume has
        } catch (NoSuchFileException e) {
            throw new TlsSetupException(setting + " " + file + ": no such file", e);
        } catch (IOException e) {
            throw new TlsSetupException(setting + " " + file + ": cannot read: " + e.getMessage(), e);
        }
    }

    private Pair loadPair(Stamp stamp) throws TlsSetupException {
        ServerCredentials credentials = ServerCredentials.load(certSetting, certFile, keySetting, keyFile);
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("cairn-" + ++generation, credentials.key(), NO_PASSWORD,
                    credentials.chain().toArray(X509Certificate[]::new));
            KeyManagerFactory factory = KeyManagerFactory.getInstance("SunX509");
            factory.init(store, NO_PASSWORD);
            for (KeyManager manager : factory.getKeyManagers()) {
                if (manager instanceof X509ExtendedKeyManager x509) {
                    return new Pair(stamp, x509);
                }
            }
            throw new TlsSetupException("the JDK offers no X.509 key manager");
        } catch (GeneralSecurityException | IOException e) {
            throw new TlsSetupException(certSetting + " " + certFile + ": cannot be used: " + e.getMessage(), e);
        }
    }
}
