package org.tokenauth.core;

import java.security.Principal;
import java.util.Objects;

/**
 * What the library needs to know of a user: the id tokens point to, the name to show, and whether
 * the user may log in. It is the {@link Principal} that an authenticated request carries.
 *
 * @param id       the canonical text form of the user's id (see {@link Token})
 * @param username the name the user logs in with
 * @param active   whether the user may authenticate; an inactive user's token is refused with
 *                 "User inactive or deleted."
 * @since 0.1
 */
public record UserAccount(String id, String username, boolean active) implements Principal {

    /**
     * A user.
     *
     * @param id       the canonical text form of the user's id
     * @param username the name the user logs in with
     * @param active   whether the user may authenticate
     * @throws NullPointerException if {@code id} or {@code username} is {@code null}
     */
    public UserAccount {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(username, "username");
    }

    /** @return the username, as {@link Principal} and {@code getRemoteUser()} report it */
    @Override
    public String getName() {
        return username;
    }
}
