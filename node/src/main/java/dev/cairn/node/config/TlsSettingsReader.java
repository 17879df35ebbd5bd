package dev.cairn.node.config;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Collects the client and peer TLS settings from the raw settings, whatever their source. */
final class TlsSettingsReader {

    private TlsSettingsReader() {
    }

    static TlsSettings client(Map<String, RawSetting> settings) {
        return new TlsSettings(path(settings, EtcdSettings.CERT_FILE), path(settings, EtcdSettings.KEY_FILE),
                path(settings, EtcdSettings.TRUSTED_CA_FILE), path(settings, EtcdSettings.CLIENT_CRL_FILE),
                flag(settings, EtcdSettings.CLIENT_CERT_AUTH), flag(settings, EtcdSettings.AUTO_TLS),
                protocols(settings));
    }

    static PeerTlsSettings peer(Map<String, RawSetting> settings) {
        TlsSettings tls = new TlsSettings(path(settings, EtcdSettings.PEER_CERT_FILE),
                path(settings, EtcdSettings.PEER_KEY_FILE), path(settings, EtcdSettings.PEER_TRUSTED_CA_FILE),
                path(settings, EtcdSettings.PEER_CRL_FILE), flag(settings, EtcdSettings.PEER_CLIENT_CERT_AUTH),
                flag(settings, EtcdSettings.PEER_AUTO_TLS), protocols(settings));
        return new PeerTlsSettings(tls, text(settings, EtcdSettings.PEER_CERT_ALLOWED_CN),
                text(settings, EtcdSettings.PEER_CERT_ALLOWED_HOSTNAME));
    }

    /** --cipher-suites, --tls-min-version and --tls-max-version, checked with etcd's messages. */
    static TlsProtocols protocols(Map<String, RawSetting> settings) {
        return new TlsProtocols(cipherSuites(settings.get(EtcdSettings.CIPHER_SUITES)),
                version(settings.get(EtcdSettings.TLS_MIN_VERSION), TlsProtocols.DEFAULT.minVersion()),
                version(settings.get(EtcdSettings.TLS_MAX_VERSION), TlsProtocols.DEFAULT.maxVersion()));
    }

    private static List<String> cipherSuites(RawSetting setting) {
        if (setting == null) {
            return List.of();
        }
        return Arrays.stream(setting.value().split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    /** An empty value is etcd's default, as for an absent setting. */
    private static TlsVersion version(RawSetting setting, TlsVersion absent) {
        return setting == null || setting.value().isBlank() ? absent : TlsVersion.parse(setting.value().trim());
    }

    private static Path path(Map<String, RawSetting> settings, String name) {
        RawSetting setting = settings.get(name);
        return setting == null || setting.value().isBlank() ? null : Path.of(setting.value().trim());
    }

    private static String text(Map<String, RawSetting> settings, String name) {
        RawSetting setting = settings.get(name);
        return setting == null || setting.value().isBlank() ? null : setting.value().trim();
    }

    /** Values were checked to be Go booleans when they were read. */
    private static boolean flag(Map<String, RawSetting> settings, String name) {
        RawSetting setting = settings.get(name);
        return setting != null && GoValues.parseBoolean(setting.value().trim()).orElseThrow();
    }
}
