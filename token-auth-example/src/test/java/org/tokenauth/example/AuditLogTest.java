package org.tokenauth.example;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.ResourceBundle;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.tokenauth.core.CredentialsVerifier;
import org.tokenauth.core.InMemoryTokenStore;
import org.tokenauth.core.IssuedToken;
import org.tokenauth.core.KeyMode;
import org.tokenauth.core.ServerSecret;
import org.tokenauth.core.TokenAuthenticator;
import org.tokenauth.core.TokenLogin;
import org.tokenauth.core.TokenService;
import org.tokenauth.core.UserAccount;

/** The audit log: one JSON object a line, naming tokens by public id, never by key. */
class AuditLogTest {

    /** Keeps what is logged at INFO and above. */
    static final class Lines implements System.Logger {
        final List<String> lines = new CopyOnWriteArrayList<>();

        @Override
        public String getName() {
            return AuditLog.LOGGER;
        }

        @Override
        public boolean isLoggable(Level level) {
            return level.getSeverity() >= Level.INFO.getSeverity();
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
            lines.add(msg);
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String format, Object... params) {
            lines.add(format);
        }

        @Override
        public void log(Level level, Supplier<String> msgSupplier) {
            lines.add(msgSupplier.get());
        }
    }

    @Test
    void eventsThenOneJsonLineEachWithoutTheKey() throws Exception {
        Lines log = new Lines();
        TokenService tokens = TokenService.builder(new InMemoryTokenStore())
                .keys(KeyMode.hashed(ServerSecret.decode("s1", "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff")))
                .events(new AuditLog(log)).build();
        UserAccount alice = new UserAccount("7", "alice", true);
        CredentialsVerifier verifier = (username, password) -> password.equals("right") ? java.util.Optional.of(alice)
                : java.util.Optional.empty();

        new TokenLogin(verifier, tokens).login("alice", "wrong", "203.0.113.7");
        IssuedToken issued = new TokenLogin(verifier, tokens).login("alice", "right", "203.0.113.7").orElseThrow();
        new TokenAuthenticator(tokens, id -> java.util.Optional.of(alice), "Token").authenticate("Token tka_nope");
        tokens.revoke(issued.key());

        ObjectMapper json = new ObjectMapper();
        assertThat(log.lines).hasSize(4).allSatisfy(line -> {
            assertThat(line).doesNotContain(issued.key()).doesNotContain(issued.token().lookup()).doesNotContain("\n");
            json.readTree(line);
        });
        assertThat(log.lines).containsExactly(
                "{\"event\":\"login_failed\",\"username\":\"alice\",\"source\":\"203.0.113.7\"}",
                "{\"event\":\"issued\",\"user\":\"7\",\"token\":\"" + issued.token().id() + "\",\"name\":\"\"}",
                "{\"event\":\"rejected\",\"reason\":\"INVALID_TOKEN\"}",
                "{\"event\":\"revoked\",\"user\":\"7\",\"token\":\"" + issued.token().id() + "\",\"why\":\"LOGOUT\"}");
    }
}
