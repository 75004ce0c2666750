package org.tokenauth.example;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.System.Logger.Level;
import java.time.Instant;
import java.util.Optional;
import org.tokenauth.core.Authentication;
import org.tokenauth.core.Token;
import org.tokenauth.core.TokenEvents;
import org.tokenauth.core.UserAccount;

/**
 * The example's audit log: every token event as one line of JSON on the {@code System.Logger}
 * {@value #LOGGER} at {@code INFO}, e.g.
 * {@code {"event":"revoked","user":"3","token":"k7Qx2mZp0aQ","why":"LOGOUT"}}. A token appears as
 * its public id, never its key or lookup value.
 *
 * @since 0.1
 */
final class AuditLog implements TokenEvents {

    /** The logger's name. */
    static final String LOGGER = "org.tokenauth.example.audit";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final System.Logger log;

    AuditLog() {
        this(System.getLogger(LOGGER));
    }

    AuditLog(System.Logger log) {
        this.log = log;
    }

    private ObjectNode event(String name, Token token) {
        ObjectNode line = JSON.createObjectNode().put("event", name);
        if (token != null) {
            line.put("user", token.userId()).put("token", token.id());
        }
        return line;
    }

    private void write(ObjectNode line) {
        if (log.isLoggable(Level.INFO)) {
            log.log(Level.INFO, line.toString());
        }
    }

    @Override
    public void issued(Token token) {
        ObjectNode line = event("issued", token).put("name", token.name());
        token.expires().ifPresent(expires -> line.put("expires", expires.toString()));
        write(line);
    }

    @Override
    public void authenticated(UserAccount user, Token token) {
        write(event("authenticated", token));
    }

    @Override
    public void rejected(Authentication.Failure reason, Optional<Token> token) {
        write(event("rejected", token.orElse(null)).put("reason", reason.name()));
    }

    @Override
    public void revoked(Token token, Revocation why) {
        write(event("revoked", token).put("why", why.name()));
    }

    @Override
    public void expired(Token token) {
        write(event("expired", token));
    }

    @Override
    public void refreshed(Token token, Instant expires) {
        write(event("refreshed", token).put("expires", expires.toString()));
    }

    @Override
    public void migrated(Token token) {
        write(event("migrated", token));
    }

    @Override
    public void loginFailed(String username, String sourceAddress) {
        write(event("login_failed", null).put("username", username).put("source", sourceAddress));
    }
}
