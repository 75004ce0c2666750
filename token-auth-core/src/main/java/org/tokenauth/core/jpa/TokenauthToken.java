package org.tokenauth.core.jpa;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.UniqueConstraint;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.tokenauth.core.Token;

/**
 * The JPA entity of token-auth's own table, {@code tokenauth_token}, for {@link JpaTokenauthStore}:
 * add {@code TokenauthToken.class} to the persistence unit. The user id is a {@code long}
 * ({@code bigint}).
 *
 * <p>Applications normally use {@link JpaTokenauthStore} rather than this entity; it is public
 * because JPA needs it to be. Its {@link #toString()} hides the lookup value.
 *
 * @since 0.1
 */
@Entity
@Table(name = "tokenauth_token",
        uniqueConstraints = @UniqueConstraint(name = "tokenauth_token_user_slot", columnNames = {"user_id", "slot"}))
public class TokenauthToken {

    @Id
    @Column(name = "lookup", length = 128, nullable = false)
    private String lookup;

    @Column(name = "user_id", nullable = false)
    private long userId;

    @Column(name = "slot", nullable = false)
    private int slot;

    @Column(name = "name", length = 100, nullable = false)
    private String name;

    @Column(name = "created", nullable = false)
    private Instant created;

    @Column(name = "expires")
    private Instant expires;

    @Column(name = "last_used")
    private Instant lastUsed;

    @Column(name = "scopes", length = 1000, nullable = false)
    private String scopes;

    /** For JPA. */
    protected TokenauthToken() {
    }

    TokenauthToken(Token token, long userId, int slot) {
        this.lookup = token.lookup();
        this.userId = userId;
        this.slot = slot;
        this.name = token.name();
        this.created = token.created();
        this.expires = token.expires().orElse(null);
        this.lastUsed = token.lastUsed().orElse(null);
        this.scopes = String.join(" ", token.scopes());
    }

    /** {@return the token this row holds} */
    Token toToken() {
        return Token.builder(lookup, Long.toString(userId), created)
                .name(name)
                .expires(expires)
                .lastUsed(lastUsed)
                .scopes(scopes.isEmpty() ? List.of() : Arrays.asList(scopes.split(" ")))
                .build();
    }

    /** {@return the lookup value: the key's digest in hashed mode, the key itself in DRF mode} */
    public String getLookup() {
        return lookup;
    }

    /** {@return the owner's id} */
    public long getUserId() {
        return userId;
    }

    /** {@return which of its user's slots the token holds, from 0 to the cap less one} */
    public int getSlot() {
        return slot;
    }

    /** Describes the row without its lookup value. */
    @Override
    public String toString() {
        String shown = lookup == null ? "null" : Token.fingerprintOf(lookup);
        return "TokenauthToken[lookup=" + shown + ", userId=" + userId + ", slot=" + slot + ", created=" + created + "]";
    }
}
