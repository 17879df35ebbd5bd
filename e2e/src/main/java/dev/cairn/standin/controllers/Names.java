package dev.cairn.standin.controllers;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;

/** Generated name parts as Kubernetes spells them: its alphabet without vowels and look-alike characters. */
final class Names {

    private static final String ALPHABET = "bcdfghjklmnpqrstvwxz2456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private Names() {
    }

    /** Five random characters, as generateName appends. */
    static String randomSuffix() {
        StringBuilder suffix = new StringBuilder(5);
        for (int i = 0; i < 5; i++) {
            suffix.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return suffix.toString();
    }

    /** A short stable hash of a text (FNV-1a, 32 bits), in the same alphabet; e.g. of a pod template. */
    static String hash(String text) {
        int hash = 0x811c9dc5;
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            hash ^= b & 0xff;
            hash *= 0x01000193;
        }
        long value = Integer.toUnsignedLong(hash);
        StringBuilder encoded = new StringBuilder();
        do {
            encoded.append(ALPHABET.charAt((int) (value % ALPHABET.length())));
            value /= ALPHABET.length();
        } while (value > 0);
        return encoded.toString();
    }
}
