package org.tokenauth.example;

import org.junit.jupiter.api.DisplayName;
import org.tokenauth.core.TokenStore;
import org.tokenauth.core.jpa.JpaTokenauthStore;

/** Core's store contract on the example's {@code tokenauth_token} table (hashed mode), made by Hibernate at start. */
@DisplayName("core's TokenStore contract on the example's database (tokenauth_token)")
class ExampleTokenauthStoreTest extends ExampleTokenStoreTest {

    @Override
    TokenStore newStore(Database opened) {
        return new JpaTokenauthStore(opened.emf());
    }

    @Override
    protected boolean digestLookups() {
        return true;
    }
}
