package org.tokenauth.example;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.tokenauth.servlet.PersistentConnection;

/**
 * Keys are case-sensitive, also on a connection that just sent the right key: Jetty's header
 * cache, which by default matches repeated header lines ignoring case, would otherwise hand the
 * filter the earlier key.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("a key differing from a valid one only in case is refused, on the same connection too")
class CaseSensitiveKeysTest {

    private ExampleServer drf;
    private ExampleServer hashed;

    @BeforeAll
    void start() throws Exception {
        drf = TestServers.start(TestDatabases.freshH2());
        hashed = TestServers.startHashed(TestDatabases.freshH2());
    }

    @AfterAll
    void stop() throws Exception {
        drf.close();
        hashed.close();
    }

    @Test
    @DisplayName("DRF mode: the key in upper case")
    void drfKeyInOtherCase() throws Exception {
        String key = new Http(drf.uri()).login(TestServers.ADMIN, TestServers.ADMIN_PASSWORD);
        assertRefusedAfterValid(drf, key, key.toUpperCase(java.util.Locale.ROOT));
    }

    @Test
    @DisplayName("hashed mode: one letter's case flipped")
    void hashedKeyInOtherCase() throws Exception {
        String key = new Http(hashed.uri()).login(TestServers.ADMIN, TestServers.ADMIN_PASSWORD);
        int letter = 4;
        while (!Character.isLetter(key.charAt(letter))) {
            letter++;
        }
        char flipped = Character.isUpperCase(key.charAt(letter))
                ? Character.toLowerCase(key.charAt(letter)) : Character.toUpperCase(key.charAt(letter));
        assertRefusedAfterValid(hashed, key, key.substring(0, letter) + flipped + key.substring(letter + 1));
    }

    private static void assertRefusedAfterValid(ExampleServer server, String key, String otherCase) throws Exception {
        try (PersistentConnection connection = new PersistentConnection(server.uri().getPort())) {
            assertThat(connection.exchange(get(key)).status()).isEqualTo(200);
            assertThat(connection.exchange(get(key)).status()).as("the key again, as a cache would see it").isEqualTo(200);

            PersistentConnection.Response refused = connection.exchange(get(otherCase));

            assertThat(refused.status()).isEqualTo(401);
            assertThat(new String(refused.body(), ISO_8859_1)).isEqualTo("{\"detail\":\"Invalid token.\"}");
        }
    }

    private static byte[] get(String key) {
        return ("GET /polls/api/questions/ HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Token " + key + "\r\n\r\n")
                .getBytes(ISO_8859_1);
    }
}
