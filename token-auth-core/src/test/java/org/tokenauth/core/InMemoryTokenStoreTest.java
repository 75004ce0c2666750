package org.tokenauth.core;

/** The reference store meets the contract (its outage tests are aborted: it has no storage). */
class InMemoryTokenStoreTest extends TokenStoreContract {

    @Override
    protected TokenStore newStore() {
        return new InMemoryTokenStore();
    }
}
