package org.tokenauth.example;

import org.junit.jupiter.api.DisplayName;

@DisplayName("polls API on H2")
class PollsApiH2Test extends PollsApiContract {

    @Override
    String freshDatabase() {
        return TestDatabases.freshH2();
    }

    @Override
    void dropDatabase() {
        // In memory: gone with the server's pool.
    }
}
