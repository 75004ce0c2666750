package org.tokenauth.core.redis;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A store's key names: {@code <prefix>token:<id>} for each token's entry, where the id is the
 * SHA-256 (hex) of its lookup value, so no key name holds a key; {@code <prefix>user:<user id>}
 * for each user's index. The family right after the prefix keeps them apart, whatever a user id
 * holds (colons, spaces, {@code token:…}).
 *
 * @param prefix what every key name starts with
 */
record Keys(String prefix) {

    /** {@return what every entry's key starts with} */
    String entries() {
        return prefix + "token:";
    }

    /** {@return what every index's key starts with} */
    String users() {
        return prefix + "user:";
    }

    /** {@return the key of the entry with this {@linkplain #id id}} */
    String entry(String id) {
        return entries() + id;
    }

    /** {@return the key of a user's index, the set of their entries' ids} */
    String user(String userId) {
        return users() + userId;
    }

    /** {@return an entry's id: the SHA-256 of the lookup value's UTF-8, in hex} */
    static String id(String lookup) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(lookup.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
