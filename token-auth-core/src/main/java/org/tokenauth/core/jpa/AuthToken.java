package org.tokenauth.core.jpa;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Objects;
import org.tokenauth.core.Token;

/**
 * The JPA entity of Django REST Framework's {@code authtoken_token} table, which
 * {@link JpaTokenStore} reads and writes. Add {@code AuthToken.class} to the persistence unit
 * (a {@code <class>org.tokenauth.core.jpa.AuthToken</class>} line in {@code persistence.xml}, or
 * {@code PersistenceConfiguration.managedClass(AuthToken.class)}); create the table with the
 * script in this jar for your database ({@code org/tokenauth/core/sql/}).
 *
 * <p>The mapping is DRF's: {@code "key" varchar(40)} primary key (quoted, as H2 reserves the
 * word), {@code created} a timestamp with time zone, {@code user_id} a unique integer, mapped to
 * {@code long} so bigint ids fit too.
 *
 * <p>Applications normally use {@link JpaTokenStore} rather than this entity; it is public
 * because JPA needs it to be. Its {@link #toString()} hides the key.
 *
 * @since 0.1
 */
@Entity
@Table(name = "authtoken_token")
public class AuthToken {

    @Id
    @Column(name = "\"key\"", length = 40, nullable = false)
    private String key;

    @Column(name = "created", nullable = false)
    private Instant created;

    @Column(name = "user_id", nullable = false, unique = true)
    private long userId;

    /** For JPA. */
    protected AuthToken() {
    }

    AuthToken(String key, long userId, Instant created) {
        this.key = Objects.requireNonNull(key, "key");
        this.userId = userId;
        this.created = Objects.requireNonNull(created, "created");
    }

    /** {@return the secret key; handle it like a password} */
    public String getKey() {
        return key;
    }

    /** {@return the owner's id} */
    public long getUserId() {
        return userId;
    }

    /** {@return when the token was created, to the microsecond} */
    public Instant getCreated() {
        return created;
    }

    /** Describes the token without its key. */
    @Override
    public String toString() {
        String shown = key == null ? "null" : Token.fingerprintOf(key);
        return "AuthToken[key=" + shown + ", userId=" + userId + ", created=" + created + "]";
    }
}
