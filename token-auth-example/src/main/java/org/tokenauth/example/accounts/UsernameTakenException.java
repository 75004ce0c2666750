package org.tokenauth.example.accounts;

/**
 * A user with the requested username already exists.
 *
 * @since 0.1
 */
public final class UsernameTakenException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * @param username the username asked for
     */
    public UsernameTakenException(String username) {
        super("username already taken: " + username, null, false, false);
    }
}
