package org.tokenauth.core.jpa;

/**
 * An entity that owns a token: a JPA-managed user whose creation issues their token (see
 * {@link IssueTokenOnCreate}).
 *
 * @since 0.1
 */
@FunctionalInterface
public interface TokenOwner {

    /**
     * Returns the id tokens of this user carry: the canonical text form of the user's id, the same
     * text the application's {@link org.tokenauth.core.UserLookup} accepts (e.g.
     * {@code Long.toString(id)}). Called after the entity was inserted, so a generated id is set.
     *
     * @return the user's id as text, never {@code null} or blank
     */
    String tokenUserId();
}
