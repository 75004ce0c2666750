package org.tokenauth.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariDataSource;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.PersistenceConfiguration;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.tokenauth.core.InMemoryTokenStore;
import org.tokenauth.core.KeyMode;
import org.tokenauth.core.ServerSecret;
import org.tokenauth.core.Token;
import org.tokenauth.core.TokenService;
import org.tokenauth.servlet.readme.UsersTableTokenStore;

/** The Hibernate user-created hook on Hibernate 7, H2 and HikariCP. */
class IssueTokenOnCreateTest {

    private HikariDataSource db;
    private EntityManagerFactory emf;
    private UsersTableTokenStore store;
    private TokenService tokens;

    @BeforeEach
    void setUp() {
        db = TestDatabase.create();
        store = new UsersTableTokenStore(db);
        tokens = new TokenService(store);
        emf = entityManagerFactory(db);
        IssueTokenOnCreate.install(emf, tokens);
    }

    @AfterEach
    void tearDown() {
        emf.close();
        db.close();
    }

    /** How the README builds the factory: Jakarta Persistence 3.2, no persistence.xml. */
    static EntityManagerFactory entityManagerFactory(HikariDataSource db) {
        return new PersistenceConfiguration("users")
                .managedClass(AppUser.class)
                .managedClass(AuditEntry.class)
                .property("hibernate.connection.datasource", db)
                .property(PersistenceConfiguration.SCHEMAGEN_DATABASE_ACTION, "none")
                .createEntityManagerFactory();
    }

    @Test
    @DisplayName("persisting a user issues their token once the transaction commits, with no call in app code")
    void persistWhenCommittedThenTokenIssued() throws SQLException {
        AppUser user = persist(emf, new AppUser("alice"));

        Optional<Token> token = store.findAllOf(user.tokenUserId()).stream().findFirst();
        assertTrue(token.isPresent(), "token issued after commit");
        assertEquals(40, token.get().lookup().length());
        assertEquals(token.get().lookup(), apiKeyColumn(user.id()), "stored in the users table");
        assertEquals(token.get(), tokens.issueFor(user.tokenUserId()).token(), "obtain-token later returns the same key");
    }

    @Test
    @DisplayName("no token exists before commit: the hook runs after it, not inside the flush")
    void persistWhenFlushedButNotCommittedThenNoTokenYet() throws SQLException {
        EntityManager em = emf.createEntityManager();
        try {
            em.getTransaction().begin();
            AppUser user = new AppUser("bob");
            em.persist(user);
            em.flush();
            assertNotNull(user.id());
            assertTrue(store.findAllOf(user.tokenUserId()).stream().findFirst().isEmpty(), "no token before commit");
            em.getTransaction().commit();
            assertTrue(store.findAllOf(user.tokenUserId()).stream().findFirst().isPresent(), "token after commit");
        } finally {
            em.close();
        }
    }

    @Test
    @DisplayName("a rolled-back user gets no token")
    void persistWhenRolledBackThenNoToken() throws SQLException {
        EntityManager em = emf.createEntityManager();
        Long id;
        try {
            em.getTransaction().begin();
            AppUser user = new AppUser("carol");
            em.persist(user);
            em.flush();
            id = user.id();
            em.getTransaction().rollback();
        } finally {
            em.close();
        }
        assertTrue(store.findAllOf(id.toString()).stream().findFirst().isEmpty());
        assertEquals(0, countRows("SELECT COUNT(*) FROM users WHERE api_key IS NOT NULL"));
    }

    @Test
    @DisplayName("entities that are not TokenOwners issue nothing")
    void persistWhenNotTokenOwnerThenNothingIssued() throws SQLException {
        InMemoryTokenStore memory = new InMemoryTokenStore();
        try (EntityManagerFactory other = entityManagerFactory(db)) {
            IssueTokenOnCreate.install(other, new TokenService(memory));
            EntityManager em = other.createEntityManager();
            em.getTransaction().begin();
            em.persist(new AuditEntry("hello"));
            em.getTransaction().commit();
            em.close();
        }
        assertEquals("InMemoryTokenStore[0 tokens]", memory.toString());
    }

    @Test
    @DisplayName("each factory issues through its own service: the hook keeps no static state")
    void installWhenTwoFactoriesThenEachUsesItsOwnService() {
        InMemoryTokenStore memory = new InMemoryTokenStore();
        try (HikariDataSource otherDb = TestDatabase.create();
                EntityManagerFactory other = entityManagerFactory(otherDb)) {
            IssueTokenOnCreate.install(other, new TokenService(memory));
            AppUser inOther = persist(other, new AppUser("dave"));
            AppUser inFirst = persist(emf, new AppUser("erin"));

            assertTrue(memory.findAllOf(inOther.tokenUserId()).stream().findFirst().isPresent());
            assertEquals(inOther.tokenUserId(), inFirst.tokenUserId(), "both are user 1 of their database");
            assertTrue(store.findAllOf(inFirst.tokenUserId()).stream().findFirst().isPresent());
            assertEquals("InMemoryTokenStore[1 tokens]", memory.toString());
        }
    }

    @Test
    @DisplayName("a failing token store neither fails the commit nor loses the user; login issues the token later")
    void persistWhenStoreFailsThenUserCommittedAndTokenIssuedLater() throws SQLException {
        HikariDataSource brokenDb = TestDatabase.create();
        brokenDb.close();
        try (EntityManagerFactory other = entityManagerFactory(db)) {
            IssueTokenOnCreate.install(other, new TokenService(new UsersTableTokenStore(brokenDb)));
            AppUser user = persist(other, new AppUser("frank"));

            assertEquals(1, countRows("SELECT COUNT(*) FROM users WHERE username = 'frank'"));
            assertTrue(store.findAllOf(user.tokenUserId()).stream().findFirst().isEmpty(), "the hook's store was down");
            Token later = tokens.issueFor(user.tokenUserId()).token();
            assertEquals(later, store.findAllOf(user.tokenUserId()).stream().findFirst().orElseThrow());
        }
    }

    @Test
    void installWhenNotHibernateThenIllegalArgument() {
        EntityManagerFactory notHibernate = (EntityManagerFactory) java.lang.reflect.Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {EntityManagerFactory.class}, (proxy, method, args) -> {
                    if (method.getName().equals("unwrap")) {
                        throw new jakarta.persistence.PersistenceException("cannot unwrap");
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> IssueTokenOnCreate.install(notHibernate, tokens));
        assertTrue(e.getMessage().contains("Hibernate"), e.getMessage());
    }

    @Test
    @DisplayName("a hashed-mode service is refused: nobody could ever see the key the hook issued")
    void installWhenHashedModeThenIllegalArgument() {
        TokenService hashed = TokenService.builder(new InMemoryTokenStore())
                .keys(KeyMode.hashed(ServerSecret.of("k1", new byte[32]))).build();

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> IssueTokenOnCreate.install(emf, hashed));

        assertTrue(e.getMessage().contains("DRF mode"), e.getMessage());
    }

    private static AppUser persist(EntityManagerFactory factory, AppUser user) {
        EntityManager em = factory.createEntityManager();
        try {
            em.getTransaction().begin();
            em.persist(user);
            em.getTransaction().commit();
            return user;
        } finally {
            em.close();
        }
    }

    private String apiKeyColumn(Long id) throws SQLException {
        try (Connection c = db.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT api_key FROM users WHERE id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    private long countRows(String sql) throws SQLException {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(sql);
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
