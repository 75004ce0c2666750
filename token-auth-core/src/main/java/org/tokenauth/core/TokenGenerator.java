package org.tokenauth.core;

/**
 * Makes new secret keys.
 *
 * <p>The default, {@link #secureRandomHex()}, makes keys exactly like Django REST Framework's:
 * 20 bytes from {@link java.security.SecureRandom}, as 40 lower-case hex characters (160 bits).
 * Tests may pass a fixed generator instead, in the way a {@link java.time.Clock} is passed.
 *
 * <p>Implementations must be safe for use by many threads at once.
 *
 * @since 0.1
 */
@FunctionalInterface
public interface TokenGenerator {

    /** The fewest random bytes a generator built here accepts: 16 bytes, 128 bits. */
    int MIN_BYTES = 16;

    /** The number of random bytes in a Django REST Framework key: 20 bytes, 160 bits. */
    int DEFAULT_BYTES = 20;

    /**
     * Returns a new key. Each call returns a different key, with overwhelming probability.
     *
     * @return the new key, never blank
     */
    String generate();

    /**
     * Returns the default generator: 20 bytes from one shared {@link java.security.SecureRandom},
     * as 40 lower-case hex characters, the format of Django REST Framework's keys.
     *
     * @return the generator
     */
    static TokenGenerator secureRandomHex() {
        return secureRandomHex(DEFAULT_BYTES);
    }

    /**
     * Returns a generator of keys of another length: {@code bytes} bytes from
     * {@link java.security.SecureRandom}, as {@code 2 * bytes} lower-case hex characters. Under
     * {@link #DEFAULT_BYTES} they are shorter than Django REST Framework's; 16 bytes is the floor.
     *
     * <p>Note that a key longer than 40 characters does not fit Django's {@code authtoken_token}
     * table, whose {@code key} column is {@code varchar(40)}.
     *
     * @param bytes how many random bytes each key holds
     * @return the generator
     * @throws IllegalArgumentException if {@code bytes} is under {@link #MIN_BYTES} (128 bits)
     */
    static TokenGenerator secureRandomHex(int bytes) {
        return new SecureRandomHexGenerator(bytes);
    }
}
