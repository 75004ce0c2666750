package org.tokenauth.core.cache;

import org.tokenauth.core.InMemoryTokenStore;
import org.tokenauth.core.TokenStore;
import org.tokenauth.core.TokenStoreContract;

/** The store contract over a cache in front of the in-memory store. */
class CachingInMemoryStoreTest extends TokenStoreContract {

    @Override
    protected TokenStore newStore() {
        return CachingTokenStore.of(new InMemoryTokenStore());
    }
}
