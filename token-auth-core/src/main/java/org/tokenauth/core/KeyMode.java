package org.tokenauth.core;

import java.util.List;
import java.util.Objects;

/**
 * How keys look and what a store keeps of them: the one choice that tells the two modes apart.
 *
 * <ul>
 *   <li>{@link #drf()}: Django REST Framework's keys, 40 lower-case hex characters (20 bytes of
 *       {@link java.security.SecureRandom}), stored as they are. The store's lookup value is the
 *       key. This is what a Java service that shares a Django database needs, and the default.
 *   <li>{@link #hashed}: keys like {@code tka_2Qb7...} (a prefix, 30 base62 characters from
 *       {@code SecureRandom}, 178 bits, and a 6-character CRC32 checksum), of which the store
 *       keeps only {@code HMAC-SHA256(server secret, key)}. A key with a wrong prefix, length or
 *       checksum is refused before any store access; a leaked table or backup reveals no key.
 * </ul>
 *
 * <p>Implementations are immutable and thread-safe.
 *
 * @since 0.1
 */
public sealed interface KeyMode permits DrfKeys, HashedKeys {

    /**
     * Django REST Framework's keys, stored as they are.
     *
     * @return the mode
     */
    static KeyMode drf() {
        return DrfKeys.DEFAULT;
    }

    /**
     * Django REST Framework's storage with keys from another generator (e.g. longer keys for a
     * wider column, or fixed ones in tests).
     *
     * @param generator makes new keys
     * @return the mode
     */
    static KeyMode drf(TokenGenerator generator) {
        return new DrfKeys(Objects.requireNonNull(generator, "generator"));
    }

    /**
     * Hashed keys with the default prefix, {@code tka_}.
     *
     * @param current the secret new tokens are made under
     * @param older   secrets whose tokens keep working until they are left out here
     * @return the mode
     * @throws IllegalArgumentException if two secrets share an id
     */
    static KeyMode hashed(ServerSecret current, ServerSecret... older) {
        return hashed(HashedKeys.DEFAULT_PREFIX, current, older);
    }

    /**
     * Hashed keys with a prefix of the application's own, so that secret scanners can tell its
     * keys from others.
     *
     * @param prefix  2 to 10 lower-case letters and digits, starting with a letter, then
     *                {@code _} (e.g. {@code myapp_})
     * @param current the secret new tokens are made under
     * @param older   secrets whose tokens keep working until they are left out here
     * @return the mode
     * @throws IllegalArgumentException if the prefix is malformed or two secrets share an id
     */
    static KeyMode hashed(String prefix, ServerSecret current, ServerSecret... older) {
        return new HashedKeys(prefix, current, List.of(older));
    }

    /**
     * Makes a new key.
     *
     * @return the key, to hand to the client once
     */
    String newKey();

    /**
     * Returns what a store keeps of a new key: the key itself in DRF mode, its digest under the
     * current secret in hashed mode.
     *
     * @param key a key made by {@link #newKey()}
     * @return the lookup value to store
     */
    String lookupOf(String key);

    /**
     * Returns the lookup values a presented key may be stored under, without touching any store:
     * none if the key cannot be one of this mode's (a wrong prefix, length, alphabet or checksum
     * in hashed mode), else one per configured secret. DRF mode looks up any string as it is, as
     * DRF does.
     *
     * @param presentedKey the key as the client sent it
     * @return the lookup values, newest secret first; empty to refuse the key outright
     */
    List<String> lookupsOf(String presentedKey);

    /**
     * Tells whether the store keeps the key itself (DRF mode): then a user's existing token can be
     * handed out again, as DRF's obtain-token endpoint does.
     *
     * @return whether lookup values are the keys
     */
    boolean storesKeys();
}
