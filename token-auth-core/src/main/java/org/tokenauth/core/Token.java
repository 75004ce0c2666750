package org.tokenauth.core;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.Collections;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A stored API token: what a {@link TokenStore} keeps of it. In {@linkplain KeyMode#hashed hashed
 * mode} it holds no usable secret: its {@link #lookup()} is an HMAC digest of the key, which the
 * client alone holds. In {@linkplain KeyMode#drf DRF mode} the lookup is the key itself, as in
 * Django REST Framework's {@code authtoken_token} table. The plain key of a new token is handed out
 * once, in an {@link IssuedToken}.
 *
 * <p>A token has an owner (a user id), a name (empty unless given, e.g. the device it was issued
 * to), a creation time, an optional expiry, the time it was last used (if known) and a set of
 * scopes. Its public {@link #id()} is derived from the lookup value, so it can be shown to its
 * owner and used to revoke it without revealing anything usable.
 *
 * <p>This is a value-based class: immutable, compared by value, never {@code null} inside. It is a
 * final class with a static factory and a builder rather than a record on purpose: a record's
 * canonical constructor and accessors would make each new property a breaking change.
 *
 * <p><b>User ids are strings.</b> Django's {@code authtoken_token.user_id} is an integer, while Java
 * applications key their users by {@code long}, {@link java.util.UUID} or {@code String}. A type
 * parameter would spread into every SPI, filter and servlet signature and could not be named in
 * {@code web.xml}. Every one of those id types has a lossless canonical text form, so the token
 * carries that text and each store converts it to its column's type.
 *
 * <p>{@link #toString()} shows the lookup value only as a {@linkplain #fingerprint() fingerprint},
 * so a token logged by mistake leaks nothing usable, in either mode.
 *
 * @since 0.1
 */
public final class Token {

    private static final int FINGERPRINT_BYTES = 4;
    private static final int ID_BYTES = 8;

    private final String lookup;
    private final String userId;
    private final String name;
    private final Instant created;
    private final Instant expires;
    private final Instant lastUsed;
    private final Set<String> scopes;

    private Token(Builder b) {
        this.lookup = requireText(b.lookup, "lookup");
        this.userId = requireText(b.userId, "userId");
        this.name = Objects.requireNonNull(b.name, "name");
        this.created = Objects.requireNonNull(b.created, "created");
        this.expires = b.expires;
        this.lastUsed = b.lastUsed;
        this.scopes = Collections.unmodifiableSet(new TreeSet<>(b.scopes));
    }

    private static String requireText(String value, String what) {
        Objects.requireNonNull(value, what);
        if (value.isBlank()) {
            throw new IllegalArgumentException(what + " must not be blank");
        }
        return value;
    }

    /**
     * Returns a token with nothing but a lookup value, an owner and a creation time: a row of
     * Django REST Framework's {@code authtoken_token} table.
     *
     * @param lookup  the value the store finds it by: the key in DRF mode, its digest in hashed mode
     * @param userId  the canonical text form of the owner's id
     * @param created when the token was created
     * @return the token
     * @throws NullPointerException     if any argument is {@code null}
     * @throws IllegalArgumentException if {@code lookup} or {@code userId} is blank
     */
    public static Token of(String lookup, String userId, Instant created) {
        return builder(lookup, userId, created).build();
    }

    /**
     * Returns a builder for a token with more than {@link #of} gives it.
     *
     * @param lookup  the value the store finds it by
     * @param userId  the canonical text form of the owner's id
     * @param created when the token was created
     * @return a new builder
     */
    public static Builder builder(String lookup, String userId, Instant created) {
        return new Builder(lookup, userId, created);
    }

    /**
     * Returns this token under another lookup value: the same owner, name, times and scopes. For
     * a cache that keeps a DRF-mode token without its key (the key is the lookup value) and puts
     * the presented key back on a hit; one allocation, no copying.
     *
     * @param lookup the lookup value
     * @return a token like this one under {@code lookup}
     * @throws NullPointerException     if {@code lookup} is {@code null}
     * @throws IllegalArgumentException if {@code lookup} is blank
     */
    public Token withLookup(String lookup) {
        return new Token(this, requireText(lookup, "lookup"));
    }

    private Token(Token other, String lookup) {
        this.lookup = lookup;
        this.userId = other.userId;
        this.name = other.name;
        this.created = other.created;
        this.expires = other.expires;
        this.lastUsed = other.lastUsed;
        this.scopes = other.scopes;
    }

    /** {@return a builder that starts from this token} */
    public Builder toBuilder() {
        return new Builder(lookup, userId, created).name(name).expires(expires).lastUsed(lastUsed).scopes(scopes);
    }

    /**
     * {@return the value a store finds this token by: the key itself in DRF mode (handle it like a
     * password), an HMAC digest of the key in hashed mode}
     */
    public String lookup() {
        return lookup;
    }

    /** {@return the canonical text form of the owner's id} */
    public String userId() {
        return userId;
    }

    /** {@return the token's name, e.g. the device or script it was issued to; empty if it has none} */
    public String name() {
        return name;
    }

    /** {@return when the token was created} */
    public Instant created() {
        return created;
    }

    /** {@return when the token stops working, if it was given an expiry when stored} */
    public Optional<Instant> expires() {
        return Optional.ofNullable(expires);
    }

    /** {@return when the token was last used, if its store keeps that} */
    public Optional<Instant> lastUsed() {
        return Optional.ofNullable(lastUsed);
    }

    /** {@return the token's scopes, sorted; empty if it has none} */
    public Set<String> scopes() {
        return scopes;
    }

    /**
     * Returns the token's public id: 16 hex characters of the SHA-256 of its lookup value. It
     * names the token to its owner (a list of their tokens, "revoke this one") without revealing
     * the key or the digest; it changes if the lookup value does (a migrated key).
     *
     * @return the id, e.g. {@code "8b2c1f0e3a9d4c71"}
     */
    public String id() {
        return HexFormat.of().formatHex(sha256("id:" + lookup), 0, ID_BYTES);
    }

    /**
     * Returns a copy whose instants are truncated to {@code unit}, as a store with that precision
     * keeps them.
     *
     * @param unit the store's precision, e.g. {@link ChronoUnit#MICROS}
     * @return the truncated token
     */
    public Token truncatedTo(ChronoUnit unit) {
        return toBuilder()
                .created(created.truncatedTo(unit))
                .expires(expires == null ? null : expires.truncatedTo(unit))
                .lastUsed(lastUsed == null ? null : lastUsed.truncatedTo(unit))
                .build();
    }

    /**
     * Returns a short, non-reversible label for this token, safe to log: see {@link #fingerprintOf}.
     *
     * @return the label, e.g. {@code "sha256:8b2c1f0e"}
     */
    public String fingerprint() {
        return fingerprintOf(lookup);
    }

    /**
     * Returns a short, non-reversible label for any key or lookup value, e.g. a presented one that
     * no token has, so log lines about one key can be told apart and matched without holding the
     * key: the first 8 hex characters (32 bits) of the SHA-256 of its UTF-8 bytes. It reveals no
     * character of the key, unlike a prefix would. Whoever holds a key finds its label with
     * {@code printf %s "$KEY" | sha256sum | cut -c1-8}.
     *
     * @param key a key
     * @return the label, e.g. {@code "sha256:8b2c1f0e"}
     */
    public static String fingerprintOf(String key) {
        return "sha256:" + HexFormat.of().formatHex(sha256(key), 0, FINGERPRINT_BYTES);
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Token that
                && lookup.equals(that.lookup)
                && userId.equals(that.userId)
                && name.equals(that.name)
                && created.equals(that.created)
                && Objects.equals(expires, that.expires)
                && Objects.equals(lastUsed, that.lastUsed)
                && scopes.equals(that.scopes);
    }

    @Override
    public int hashCode() {
        return Objects.hash(lookup, userId, name, created, expires, lastUsed, scopes);
    }

    /** Describes the token without its lookup value. */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("Token[id=").append(id()).append(", lookup=").append(fingerprint())
                .append(", userId=").append(userId);
        if (!name.isEmpty()) {
            s.append(", name=").append(name);
        }
        s.append(", created=").append(created);
        if (expires != null) {
            s.append(", expires=").append(expires);
        }
        if (lastUsed != null) {
            s.append(", lastUsed=").append(lastUsed);
        }
        if (!scopes.isEmpty()) {
            s.append(", scopes=").append(scopes);
        }
        return s.append(']').toString();
    }

    /**
     * Builds a {@link Token}. Not thread-safe; {@link #build()} can be called again.
     *
     * @since 0.1
     */
    public static final class Builder {

        private final String lookup;
        private final String userId;
        private Instant created;
        private String name = "";
        private Instant expires;
        private Instant lastUsed;
        private Set<String> scopes = Set.of();

        private Builder(String lookup, String userId, Instant created) {
            this.lookup = lookup;
            this.userId = userId;
            this.created = created;
        }

        /**
         * Sets the creation time.
         *
         * @param created when the token was created
         * @return this builder
         */
        public Builder created(Instant created) {
            this.created = Objects.requireNonNull(created, "created");
            return this;
        }

        /**
         * Sets the name.
         *
         * @param name the token's name; empty for none
         * @return this builder
         */
        public Builder name(String name) {
            this.name = Objects.requireNonNull(name, "name");
            return this;
        }

        /**
         * Sets the expiry.
         *
         * @param expires when the token stops working, or {@code null} for never
         * @return this builder
         */
        public Builder expires(Instant expires) {
            this.expires = expires;
            return this;
        }

        /**
         * Sets the last use.
         *
         * @param lastUsed when the token was last used, or {@code null} if unknown
         * @return this builder
         */
        public Builder lastUsed(Instant lastUsed) {
            this.lastUsed = lastUsed;
            return this;
        }

        /**
         * Sets the scopes.
         *
         * @param scopes the scopes, each one word without whitespace
         * @return this builder
         * @throws IllegalArgumentException if a scope is blank or contains whitespace
         */
        public Builder scopes(Collection<String> scopes) {
            for (String scope : Objects.requireNonNull(scopes, "scopes")) {
                if (scope.isEmpty() || scope.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
                    throw new IllegalArgumentException("a scope must be one word without whitespace, but was '" + scope + "'");
                }
            }
            this.scopes = Set.copyOf(scopes);
            return this;
        }

        /**
         * Builds the token.
         *
         * @return the token
         * @throws NullPointerException     if the lookup, user id or creation time is {@code null}
         * @throws IllegalArgumentException if the lookup or user id is blank
         */
        public Token build() {
            return new Token(this);
        }
    }
}
