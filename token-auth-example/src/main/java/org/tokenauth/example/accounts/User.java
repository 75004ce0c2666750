package org.tokenauth.example.accounts;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import org.tokenauth.core.UserAccount;
import org.tokenauth.core.jpa.TokenOwner;

/**
 * A user who can log in: the essentials of Django's {@code auth.User}, in its table
 * {@code auth_user}, with the password hashed in Django's format.
 *
 * <p>It is a {@link TokenOwner}: with {@link org.tokenauth.core.jpa.IssueTokenOnCreate} installed on
 * the entity manager factory, persisting a user gives them a token once the insert commits, with no
 * call in the code that creates users.
 *
 * @since 0.1
 */
@Entity
@Table(name = "auth_user")
public class User implements TokenOwner {

    /** Django's longest username. */
    public static final int MAX_USERNAME_LENGTH = 150;

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "username", nullable = false, unique = true, length = MAX_USERNAME_LENGTH)
    private String username;

    /** {@code pbkdf2_sha256$…}; never the password itself. */
    @Column(name = "password", nullable = false, length = 128)
    private String password;

    @Column(name = "is_active", nullable = false)
    private boolean active;

    @Column(name = "is_staff", nullable = false)
    private boolean staff;

    @Column(name = "date_joined", nullable = false)
    private Instant dateJoined;

    /** For JPA. */
    protected User() {
    }

    /**
     * An active user.
     *
     * @param username     the login name
     * @param passwordHash the hash of the password (from {@link org.tokenauth.core.Pbkdf2PasswordHasher})
     * @param staff        whether the user may administer users
     * @param dateJoined   when the account was created
     */
    public User(String username, String passwordHash, boolean staff, Instant dateJoined) {
        this.username = username;
        this.password = passwordHash;
        this.active = true;
        this.staff = staff;
        this.dateJoined = dateJoined;
    }

    /** @return the generated id; {@code null} before the user is persisted */
    public Long getId() {
        return id;
    }

    /** @return the login name */
    public String getUsername() {
        return username;
    }

    /** @return the stored password hash */
    public String getPasswordHash() {
        return password;
    }

    /** @param passwordHash a new password hash */
    public void setPasswordHash(String passwordHash) {
        this.password = passwordHash;
    }

    /** @return whether the user may log in and use their token */
    public boolean isActive() {
        return active;
    }

    /** @param active whether the user may log in and use their token */
    public void setActive(boolean active) {
        this.active = active;
    }

    /** @return whether the user may administer users */
    public boolean isStaff() {
        return staff;
    }

    /** @param staff whether the user may administer users */
    public void setStaff(boolean staff) {
        this.staff = staff;
    }

    /** @return when the account was created */
    public Instant getDateJoined() {
        return dateJoined;
    }

    /** @return the id tokens of this user carry: the id as decimal text */
    @Override
    public String tokenUserId() {
        return id == null ? null : Long.toString(id);
    }

    /** @return what the library needs to know of this user */
    public UserAccount toAccount() {
        return new UserAccount(tokenUserId(), username, active);
    }

    /** Describes the user without the password hash. */
    @Override
    public String toString() {
        return "User[id=" + id + ", username=" + username + ", active=" + active + ", staff=" + staff + "]";
    }
}
