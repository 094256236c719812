package dev.metering.ingest.key;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** How an ingest key is stored and compared: lowercase hex SHA-256 of the plaintext key (UTF-8). */
public final class IngestKeys {

    private static final HexFormat HEX = HexFormat.of();

    private IngestKeys() {
    }

    public static String hash(String plaintextKey) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HEX.formatHex(digest.digest(plaintextKey.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}
