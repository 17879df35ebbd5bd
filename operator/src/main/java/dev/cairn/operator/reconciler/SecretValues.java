package dev.cairn.operator.reconciler;

import io.fabric8.kubernetes.api.model.Secret;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/** Reads a Secret's values. */
final class SecretValues {

    private SecretValues() {
    }

    /** A Secret's value, from data (base64, as stored) or stringData (as written before storage). */
    static String value(Secret secret, String key) {
        Map<String, String> data = secret.getData();
        if (data != null && data.containsKey(key)) {
            return new String(Base64.getDecoder().decode(data.get(key)), StandardCharsets.UTF_8);
        }
        Map<String, String> stringData = secret.getStringData();
        if (stringData != null && stringData.containsKey(key)) {
            return stringData.get(key);
        }
        throw new IllegalStateException("Secret " + secret.getMetadata().getName() + " has no " + key);
    }
}
