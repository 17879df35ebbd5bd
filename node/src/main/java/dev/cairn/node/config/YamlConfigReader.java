package dev.cairn.node.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Reads etcd's YAML configuration file ({@code etcd.conf.yml}). Top-level keys are flag names; the nested
 * {@code client-transport-security} and {@code peer-transport-security} sections map onto the TLS flags. A key
 * left empty (as in etcd's sample file) counts as not given. Keys etcd does not know are ignored, as etcd does,
 * but with a warning.
 */
final class YamlConfigReader {

    private static final String CLIENT_SECURITY = "client-transport-security";
    private static final String PEER_SECURITY = "peer-transport-security";

    private static final Map<String, String> CLIENT_SECURITY_KEYS = Map.of(
            "cert-file", EtcdSettings.CERT_FILE,
            "key-file", EtcdSettings.KEY_FILE,
            "client-cert-auth", EtcdSettings.CLIENT_CERT_AUTH,
            "trusted-ca-file", EtcdSettings.TRUSTED_CA_FILE,
            "auto-tls", EtcdSettings.AUTO_TLS,
            "crl-file", EtcdSettings.CLIENT_CRL_FILE,
            "allowed-hostname", "client-cert-allowed-hostname",
            "client-cert-file", "client-cert-file",
            "client-key-file", "client-key-file");

    private static final Map<String, String> PEER_SECURITY_KEYS = Map.ofEntries(
            Map.entry("cert-file", EtcdSettings.PEER_CERT_FILE),
            Map.entry("key-file", EtcdSettings.PEER_KEY_FILE),
            Map.entry("client-cert-auth", EtcdSettings.PEER_CLIENT_CERT_AUTH),
            // Several published guides write the flag's name inside the section; accept it as the same thing.
            Map.entry("peer-client-cert-auth", EtcdSettings.PEER_CLIENT_CERT_AUTH),
            Map.entry("trusted-ca-file", EtcdSettings.PEER_TRUSTED_CA_FILE),
            Map.entry("auto-tls", EtcdSettings.PEER_AUTO_TLS),
            Map.entry("crl-file", EtcdSettings.PEER_CRL_FILE),
            Map.entry("allowed-cn", "peer-cert-allowed-cn"),
            Map.entry("allowed-hostname", "peer-cert-allowed-hostname"),
            Map.entry("client-cert-file", "peer-client-cert-file"),
            Map.entry("client-key-file", "peer-client-key-file"));

    private YamlConfigReader() {
    }

    static Map<String, RawSetting> read(Path file, List<String> warnings) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException("cannot read --config-file " + file + ": no such file");
        } catch (IOException e) {
            throw new ConfigException("cannot read --config-file " + file + ": " + e.getMessage());
        }
        Object document;
        try {
            document = new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
        } catch (YAMLException e) {
            throw new ConfigException("cannot parse --config-file " + file + ": "
                    + e.getMessage().replace('\n', ' ').replaceAll(" +", " ").trim());
        }
        Map<String, RawSetting> settings = new LinkedHashMap<>();
        if (document == null) {
            return settings;
        }
        if (!(document instanceof Map<?, ?> top)) {
            throw new ConfigException("cannot parse --config-file " + file + ": expected a mapping of settings");
        }
        for (Map.Entry<?, ?> entry : top.entrySet()) {
            String key = String.valueOf(entry.getKey());
            Object value = entry.getValue();
            if (key.equals(CLIENT_SECURITY) || key.equals(PEER_SECURITY)) {
                readSecuritySection(file, key, value, key.equals(CLIENT_SECURITY) ? CLIENT_SECURITY_KEYS
                        : PEER_SECURITY_KEYS, settings, warnings);
            } else if (EtcdSettings.isIgnored(key) || key.equals(EtcdSettings.CONFIG_FILE)
                    || key.equals(EtcdSettings.VERSION)) {
                warnings.add("key " + key + " in " + file + " has no effect; ignored");
            } else if (EtcdSettings.find(key).isPresent()) {
                put(settings, key, value, key + " in " + file);
            } else {
                warnings.add("unknown key " + key + " in " + file + "; ignored");
            }
        }
        return settings;
    }

    private static void readSecuritySection(Path file, String section, Object value, Map<String, String> keys,
                                            Map<String, RawSetting> settings, List<String> warnings) {
        if (value == null) {
            return;
        }
        if (!(value instanceof Map<?, ?> entries)) {
            throw new ConfigException(section + " in " + file + " must be a mapping of settings");
        }
        for (Map.Entry<?, ?> entry : entries.entrySet()) {
            String key = String.valueOf(entry.getKey());
            String setting = keys.get(key);
            if (setting == null) {
                warnings.add("unknown key " + section + "." + key + " in " + file + "; ignored");
            } else {
                put(settings, setting, entry.getValue(), section + "." + key + " in " + file);
            }
        }
    }

    private static void put(Map<String, RawSetting> settings, String name, Object value, String origin) {
        if (value instanceof Map<?, ?>) {
            throw new ConfigException(origin + " must be a single value, not a mapping");
        }
        String text = asText(value);
        if (text.isEmpty()) {
            return;
        }
        SettingSpec spec = EtcdSettings.find(name).orElseThrow();
        if (spec.isBoolean() && GoValues.parseBoolean(text).isEmpty()) {
            throw new ConfigException("invalid boolean value \"" + text + "\" for " + origin);
        }
        settings.put(name, new RawSetting(name, text, origin));
    }

    private static String asText(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof List<?> list) {
            return list.stream().map(String::valueOf).map(String::trim).collect(Collectors.joining(","));
        }
        return String.valueOf(value).trim();
    }
}
