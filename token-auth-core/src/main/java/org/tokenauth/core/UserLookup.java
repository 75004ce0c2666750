package org.tokenauth.core;

import java.util.Optional;

/**
 * Finds a user by id: how the library learns who a token's owner is, and whether they are active.
 * Supplied by the application, over wherever its users live.
 *
 * <p>Called once per authenticated request, so it should be fast (an indexed lookup, or a cache).
 * Implementations must be thread-safe.
 *
 * @since 0.1
 */
@FunctionalInterface
public interface UserLookup {

    /**
     * Finds a user.
     *
     * @param id the canonical text form of the user's id, as stored in a {@link Token}
     * @return the user, active or not; empty if there is no such user (deleted)
     * @throws RuntimeException for a storage failure; it is reported as an outage, never as
     *                          "not found"
     */
    Optional<UserAccount> findById(String id);
}
