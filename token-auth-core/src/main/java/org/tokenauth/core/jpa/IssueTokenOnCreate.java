package org.tokenauth.core.jpa;

import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.PersistenceException;
import java.lang.System.Logger.Level;
import java.util.Objects;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.event.spi.EventType;
import org.hibernate.event.spi.PostCommitInsertEventListener;
import org.hibernate.event.spi.PostInsertEvent;
import org.hibernate.persister.entity.EntityPersister;
import org.tokenauth.core.TokenService;
import org.tokenauth.core.TokenStoreException;

/**
 * The user-created hook for users kept with JPA on Hibernate: once installed on an
 * {@link EntityManagerFactory}, every entity that implements {@link TokenOwner} gets its token as
 * soon as the transaction that inserted it commits, with no call in the application's own code
 * (the Java counterpart of the Django tutorial's {@code post_save} receiver).
 *
 * <pre>{@code
 * @Entity
 * public class User implements TokenOwner {
 *     @Id @GeneratedValue Long id;
 *     ...
 *     public String tokenUserId() { return id.toString(); }
 * }
 *
 * EntityManagerFactory emf = ...;                 // built as usual
 * IssueTokenOnCreate.install(emf, tokenService);  // once, at startup
 * }</pre>
 *
 * <p><b>Why after commit, and why Hibernate.</b> A JPA {@code @PostPersist} callback runs inside the
 * flush, before the user's row is committed. A token store on its own connection cannot see that
 * row yet (a foreign key to the users table fails or waits on the caller's own lock), and a rollback
 * would leave a token behind for a user that never existed. JPA offers no portable way to act after
 * commit, so this hook is a Hibernate {@link PostCommitInsertEventListener}: it runs once the insert
 * is committed, and never for a rolled-back one. This is also what Django does in its default
 * autocommit mode, where the user is saved before {@code post_save} creates the token.
 *
 * <p><b>Failures.</b> If the token store fails after the user was committed, the user stays, the
 * failure is logged (without any key), and the application's {@code commit()} does not fail. The
 * user still gets a token: the obtain-token endpoint creates one on first login
 * ({@link TokenService#issueFor} is get-or-create).
 *
 * <p>Requires {@code hibernate-core} (7.x) at run time; this module declares it optional.
 * The hook holds no static state: install it on each factory with that factory's service.
 *
 * @since 0.1
 */
public final class IssueTokenOnCreate {

    private static final System.Logger LOG = System.getLogger(IssueTokenOnCreate.class.getName());

    private final TokenService tokens;

    private IssueTokenOnCreate(TokenService tokens) {
        this.tokens = Objects.requireNonNull(tokens, "tokens");
    }

    /**
     * Installs the hook on a Hibernate entity manager factory: from now on, each committed insert
     * of a {@link TokenOwner} entity calls {@code tokens.issueFor(owner.tokenUserId())}.
     *
     * @param emf    the factory; must be Hibernate's (any {@code EntityManagerFactory} that unwraps
     *               to {@link SessionFactoryImplementor})
     * @param tokens issues the tokens
     * @return the installed hook, for {@code toString()} in logs
     * @throws NullPointerException     if an argument is {@code null}
     * @throws IllegalArgumentException if {@code emf} is not Hibernate's, or {@code tokens} hashes
     *                                  its keys: a hashed key is shown once, to whoever issues it,
     *                                  so a token the hook issued could never be handed to anyone
     *                                  (issue the user's first token where it can be, e.g. in the
     *                                  registration answer)
     */
    public static IssueTokenOnCreate install(EntityManagerFactory emf, TokenService tokens) {
        Objects.requireNonNull(emf, "emf");
        if (!Objects.requireNonNull(tokens, "tokens").keys().storesKeys()) {
            throw new IllegalArgumentException("IssueTokenOnCreate needs a TokenService in DRF mode: with " + tokens.keys()
                    + " a key is shown only to whoever issues it, and nobody would see the hook's");
        }
        IssueTokenOnCreate hook = new IssueTokenOnCreate(tokens);
        SessionFactoryImplementor sessionFactory;
        try {
            sessionFactory = emf.unwrap(SessionFactoryImplementor.class);
        } catch (PersistenceException e) {
            throw new IllegalArgumentException("IssueTokenOnCreate needs Hibernate's EntityManagerFactory, but got "
                    + emf.getClass().getName(), e);
        }
        sessionFactory.getEventListenerRegistry()
                .appendListeners(EventType.POST_COMMIT_INSERT, hook.new Listener());
        return hook;
    }

    void issue(Object entity) {
        if (!(entity instanceof TokenOwner owner)) {
            return;
        }
        String userId = owner.tokenUserId();
        if (userId == null || userId.isBlank()) {
            LOG.log(Level.ERROR, "{0}.tokenUserId() returned no id after insert; no token issued",
                    entity.getClass().getName());
            return;
        }
        try {
            tokens.issueFor(userId);
        } catch (TokenStoreException e) {
            // The user is committed: failing here would only make commit() lie. The token is
            // created on first login instead (issueFor is get-or-create).
            LOG.log(Level.WARNING, "Could not issue a token for new user " + userId
                    + " (the token store failed); it will be issued on first login", e);
        } catch (RuntimeException e) {
            // Not an outage, e.g. an id the store cannot hold: first login will fail the same way.
            LOG.log(Level.ERROR, "Could not issue a token for new user " + userId
                    + "; check that " + entity.getClass().getName() + ".tokenUserId() suits the token store", e);
        }
    }

    @Override
    public String toString() {
        return "IssueTokenOnCreate[" + tokens.store() + "]";
    }

    /** The Hibernate listener; kept apart so the public type shows no Hibernate SPI. */
    private final class Listener implements PostCommitInsertEventListener {

        @Override
        public void onPostInsert(PostInsertEvent event) {
            issue(event.getEntity());
        }

        @Override
        public void onPostInsertCommitFailed(PostInsertEvent event) {
            // Rolled back: the user does not exist, so neither does their token.
        }

        @Override
        public boolean requiresPostCommitHandling(EntityPersister persister) {
            return TokenOwner.class.isAssignableFrom(persister.getMappedClass());
        }
    }
}
