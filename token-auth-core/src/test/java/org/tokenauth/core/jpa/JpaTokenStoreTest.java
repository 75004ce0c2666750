package org.tokenauth.core.jpa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariDataSource;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tokenauth.core.H2TestDatabase;
import org.tokenauth.core.SqlScripts;
import org.tokenauth.core.Token;
import org.tokenauth.core.TokenGenerator;

/** What the contract does not cover: user-id and key limits, and the entity as apps see it. */
class JpaTokenStoreTest {

    private static final Instant CREATED = Instant.parse("2026-11-28T12:00:00.123456Z");

    private final TokenGenerator keys = TokenGenerator.secureRandomHex();
    private HikariDataSource pool;
    private EntityManagerFactory factory;
    private JpaTokenStore store;

    @BeforeEach
    void setUp() throws Exception {
        pool = H2TestDatabase.newPool();
        SqlScripts.createTokenTable(pool, "h2");
        factory = JpaTestUnits.on(pool);
        store = new JpaTokenStore(factory);
    }

    @AfterEach
    void tearDown() {
        factory.close();
        pool.close();
    }

    @Test
    void userIdWhenNotCanonicalDecimalThenRefusedOnWriteAndNotFoundOnRead() {
        store.getOrInsert(Token.of(keys.generate(), "7", CREATED));

        for (String id : new String[] {"007", "+7", "7.0", "seven", "99999999999999999999", "-0", "alice"}) {
            assertEquals(List.of(), store.findAllOf(id), id);
            assertEquals(0, store.deleteAllOf(id), id);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> store.getOrInsert(Token.of(keys.generate(), id, CREATED)), id);
            assertTrue(e.getMessage().contains("decimal"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> store.insert(Token.of(keys.generate(), id, CREATED), 1), id);
        }
        assertTrue(!store.findAllOf("7").isEmpty());
    }

    @Test
    void keyWhenLongerThanDrfColumnThenRefusedOnWriteAndNotFoundOnRead() {
        String longKey = TokenGenerator.secureRandomHex(32).generate();

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> store.getOrInsert(Token.of(longKey, "1", CREATED)));

        assertTrue(e.getMessage().contains("at most 40"), e.getMessage());
        assertFalse(e.getMessage().contains(longKey), e.getMessage());
        assertEquals(Optional.empty(), store.findByLookup(longKey));
        assertFalse(store.delete(longKey));
    }

    @Test
    void entityWhenReadByTheAppThenMapsDrfColumns() {
        Token token = store.getOrInsert(Token.of(keys.generate(), "42", CREATED));

        try (EntityManager em = factory.createEntityManager()) {
            AuthToken entity = em.find(AuthToken.class, token.lookup());
            assertEquals(42L, entity.getUserId());
            assertEquals(CREATED, entity.getCreated());
            assertEquals(token.lookup(), entity.getKey());
            assertFalse(entity.toString().contains(token.lookup().substring(6)), entity.toString());
        }
    }

    @Test
    void constructorWhenNullFactoryThenNullPointerException() {
        assertThrows(NullPointerException.class, () -> new JpaTokenStore(null));
    }
}
