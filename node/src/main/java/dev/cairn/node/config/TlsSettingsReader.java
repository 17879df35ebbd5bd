package dev.cairn.node.config;

import java.nio.file.Path;
import java.util.Map;

/** Collects the client and peer TLS settings from the raw settings, whatever their source. */
final class TlsSettingsReader {

    private TlsSettingsReader() {
    }

    static TlsSettings client(Map<String, RawSetting> settings) {
        return new TlsSettings(path(settings, EtcdSettings.CERT_FILE), path(settings, EtcdSettings.KEY_FILE),
                path(settings, EtcdSettings.TRUSTED_CA_FILE), path(settings, EtcdSettings.CLIENT_CRL_FILE),
                flag(settings, EtcdSettings.CLIENT_CERT_AUTH), flag(settings, EtcdSettings.AUTO_TLS));
    }

    static PeerTlsSettings peer(Map<String, RawSetting> settings) {
        TlsSettings tls = new TlsSettings(path(settings, EtcdSettings.PEER_CERT_FILE),
                path(settings, EtcdSettings.PEER_KEY_FILE), path(settings, EtcdSettings.PEER_TRUSTED_CA_FILE),
                path(settings, EtcdSettings.PEER_CRL_FILE), flag(settings, EtcdSettings.PEER_CLIENT_CERT_AUTH),
                flag(settings, EtcdSettings.PEER_AUTO_TLS));
        return new PeerTlsSettings(tls, text(settings, EtcdSettings.PEER_CERT_ALLOWED_CN),
                text(settings, EtcdSettings.PEER_CERT_ALLOWED_HOSTNAME));
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
