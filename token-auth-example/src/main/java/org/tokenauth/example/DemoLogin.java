package org.tokenauth.example;

import java.util.Objects;

/**
 * The demo login printed at start: a staff user (who may deactivate others) and their password.
 *
 * @param username  the username
 * @param password  the password
 * @param generated whether the password was generated at this start, rather than chosen
 * @since 0.1
 */
public record DemoLogin(String username, String password, boolean generated) {

    /** @throws NullPointerException if an argument is {@code null} */
    public DemoLogin {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
    }

    /** Describes the login without its password. */
    @Override
    public String toString() {
        return "DemoLogin[username=" + username + ", password=[PROTECTED], generated=" + generated + "]";
    }
}
