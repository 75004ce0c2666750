package org.tokenauth.core;

import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A server secret (a "pepper"): the HMAC key under which {@linkplain KeyMode#hashed hashed mode}
 * stores the digests of keys, so that a copy of the token table alone lets nobody check a guessed
 * key. Each secret has an id, stored with every digest made under it, so secrets can rotate: new
 * tokens use the current secret, and tokens made under an older one keep working until that
 * secret is no longer configured.
 *
 * <p>{@link #toString()} shows the id only.
 *
 * @since 0.1
 */
public final class ServerSecret {

    /** The fewest bytes a secret may have: 32, the size of an HMAC-SHA256 output. */
    public static final int MIN_BYTES = 32;

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_.-]{1,32}");
    private static final Pattern HEX = Pattern.compile("([0-9a-fA-F]{2})+");

    private final String id;
    private final byte[] secret;

    private ServerSecret(String id, byte[] secret) {
        this.id = Objects.requireNonNull(id, "id");
        Objects.requireNonNull(secret, "secret");
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("a secret id is 1 to 32 letters, digits, '_', '.' or '-', but was '" + id + "'");
        }
        if (secret.length < MIN_BYTES) {
            throw new IllegalArgumentException("server secret '" + id + "' has " + secret.length + " bytes; at least "
                    + MIN_BYTES + " are needed (e.g. 64 hex characters: openssl rand -hex 32)");
        }
        this.secret = secret.clone();
    }

    /**
     * A secret from raw bytes.
     *
     * @param id     the secret's id, stored with every digest made under it: 1 to 32 letters,
     *               digits, {@code _}, {@code .} or {@code -}
     * @param secret at least {@link #MIN_BYTES} random bytes; copied
     * @return the secret
     * @throws IllegalArgumentException if the id is malformed or the secret is too short
     */
    public static ServerSecret of(String id, byte[] secret) {
        return new ServerSecret(id, secret);
    }

    /**
     * A secret from text, as kept in a file or an environment variable: hex (e.g. the 64
     * characters of {@code openssl rand -hex 32}) or Base64 (standard or URL-safe); surrounding
     * whitespace is ignored.
     *
     * @param id   the secret's id
     * @param text the encoded secret
     * @return the secret
     * @throws IllegalArgumentException if the text is neither hex nor Base64, or decodes to fewer
     *                                  than {@link #MIN_BYTES} bytes
     */
    public static ServerSecret decode(String id, String text) {
        String trimmed = Objects.requireNonNull(text, "text").strip();
        if (HEX.matcher(trimmed).matches()) {
            return of(id, HexFormat.of().parseHex(trimmed));
        }
        try {
            return of(id, Base64.getDecoder().decode(trimmed.replace('-', '+').replace('_', '/')));
        } catch (IllegalArgumentException e) {
            if (e.getMessage() != null && e.getMessage().startsWith("server secret")) {
                throw e;
            }
            throw new IllegalArgumentException("server secret '" + id + "' is neither hex nor Base64 text");
        }
    }

    /** {@return the secret's id} */
    public String id() {
        return id;
    }

    /** A copy of the secret's bytes, for the HMAC. */
    byte[] bytes() {
        return secret.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ServerSecret that && id.equals(that.id) && Arrays.equals(secret, that.secret);
    }

    @Override
    public int hashCode() {
        return id.hashCode();
    }

    /** Shows the id only. */
    @Override
    public String toString() {
        return "ServerSecret[id=" + id + "]";
    }
}
