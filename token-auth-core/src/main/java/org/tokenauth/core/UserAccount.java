package org.tokenauth.core;

import java.security.Principal;
import java.util.Objects;

/**
 * What the library needs to know of a user: the id tokens point to, the name to show, and whether
 * the user may log in. It is the {@link Principal} that an authenticated request carries.
 *
 * <p>A value-based final class rather than a record, as {@link Token} is: users will grow (a staff
 * flag, roles), and a record's canonical constructor and accessors would make each new property a
 * breaking change.
 *
 * @since 0.1
 */
public final class UserAccount implements Principal {

    private final String id;
    private final String username;
    private final boolean active;

    /**
     * A user.
     *
     * @param id       the canonical text form of the user's id (see {@link Token})
     * @param username the name the user logs in with
     * @param active   whether the user may authenticate; an inactive user's token is refused with
     *                 "User inactive or deleted."
     * @throws NullPointerException if {@code id} or {@code username} is {@code null}
     */
    public UserAccount(String id, String username, boolean active) {
        this.id = Objects.requireNonNull(id, "id");
        this.username = Objects.requireNonNull(username, "username");
        this.active = active;
    }

    /** {@return the canonical text form of the user's id} */
    public String id() {
        return id;
    }

    /** {@return the name the user logs in with} */
    public String username() {
        return username;
    }

    /** {@return whether the user may authenticate} */
    public boolean active() {
        return active;
    }

    /** {@return the username, as {@link Principal} and {@code getRemoteUser()} report it} */
    @Override
    public String getName() {
        return username;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof UserAccount that && id.equals(that.id) && username.equals(that.username) && active == that.active;
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, username, active);
    }

    @Override
    public String toString() {
        return "UserAccount[id=" + id + ", username=" + username + ", active=" + active + "]";
    }
}
