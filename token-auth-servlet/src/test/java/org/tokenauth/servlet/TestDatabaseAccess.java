package org.tokenauth.servlet;

import com.zaxxer.hikari.HikariDataSource;

/** {@link TestDatabase} for tests in other packages. */
public final class TestDatabaseAccess {

    private TestDatabaseAccess() {
    }

    public static HikariDataSource create() {
        return TestDatabase.create();
    }
}
