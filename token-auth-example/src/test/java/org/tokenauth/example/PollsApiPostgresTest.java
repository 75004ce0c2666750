package org.tokenauth.example;

import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;

@DisplayName("polls API on PostgreSQL, its caches on PostgreSQL's invalidation bus")
class PollsApiPostgresTest extends PollsApiContract {

    /** A channel of its own: other runs may use the same database (their own schema) at once. */
    private final String channel = "polls_api_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

    @Override
    ExampleSettings.Invalidation invalidation() {
        return new ExampleSettings.Invalidation(ExampleSettings.Bus.POSTGRES, Optional.of(channel),
                ExampleSettings.DEFAULT_REDIS_URL);
    }

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
