package org.tokenauth.core.latin1;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.tokenauth.core.ExternalStoreContract;
import org.tokenauth.core.ExternalTestDatabase;

/**
 * The store contract on a database whose text columns hold Latin-1 only (issue 11, item 3): a
 * PostgreSQL database made {@code ENCODING 'LATIN1'} by the test class and dropped after it, or
 * MariaDB tables in {@code latin1}. A key or name that the columns cannot hold must be "not found"
 * when read and a clear {@link IllegalArgumentException} when written, never a
 * {@link org.tokenauth.core.TokenStoreException} (an outage, 503) and never a silently altered row.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class Latin1StoreContract extends ExternalStoreContract {

    private ExternalTestDatabase latin1;

    /** @return the server whose Latin-1 side the tests run on */
    protected abstract ExternalTestDatabase server();

    @BeforeAll
    void createLatin1Database() throws Exception {
        latin1 = server().createLatin1Database("tokenauth_latin1");
    }

    @AfterAll
    void dropLatin1Database() throws Exception {
        if (latin1 != null) {
            latin1.dropDatabase();
        }
    }

    @Override
    protected final ExternalTestDatabase database() {
        return latin1;
    }
}
