package org.tokenauth.servlet.webxml;

import org.tokenauth.core.ForwardingStore;
import org.tokenauth.servlet.readme.UsersTableTokenStore;

/** A store named in web.xml by {@code token-store-class}: public, with a public no-arg constructor. */
public final class NamedDatabaseTokenStore extends ForwardingStore {

    public NamedDatabaseTokenStore() {
        super(new UsersTableTokenStore(NamedDatabase.dataSource()));
    }
}
