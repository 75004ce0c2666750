package org.tokenauth.core;

import java.security.SecureRandom;
import java.util.HexFormat;

/** Keys from {@link SecureRandom}, hex-encoded in lower case. */
final class SecureRandomHexGenerator implements TokenGenerator {

    /**
     * One instance for all threads: {@code SecureRandom} is thread-safe, and seeding one per call
     * would cost far more than it could add.
     */
    private static final SecureRandom RANDOM = new SecureRandom();

    private static final HexFormat HEX = HexFormat.of();

    private final int bytes;

    SecureRandomHexGenerator(int bytes) {
        if (bytes < MIN_BYTES) {
            throw new IllegalArgumentException(
                    "a key needs at least " + MIN_BYTES + " random bytes (128 bits), but " + bytes + " were asked for");
        }
        this.bytes = bytes;
    }

    @Override
    public String generate() {
        byte[] random = new byte[bytes];
        RANDOM.nextBytes(random);
        return HEX.formatHex(random);
    }

    @Override
    public String toString() {
        return "TokenGenerator.secureRandomHex(" + bytes + ")";
    }
}
