package org.tokenauth.example;

import org.junit.jupiter.api.DisplayName;

@DisplayName("polls API on PostgreSQL")
class PollsApiPostgresTest extends PollsApiContract {

    private TestDatabases.PostgresSchema schema;

    @Override
    String freshDatabase() {
        schema = TestDatabases.freshPostgres();
        return schema.url();
    }

    @Override
    void dropDatabase() throws Exception {
        if (schema != null) {
            schema.close();
        }
    }
}
