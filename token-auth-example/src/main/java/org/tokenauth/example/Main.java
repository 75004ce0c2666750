package org.tokenauth.example;

import java.io.PrintStream;
import java.net.BindException;
import java.util.Arrays;
import java.util.List;
import org.tokenauth.core.postgres.PostgresInvalidationBus;
import org.tokenauth.core.redis.RedisInvalidationBus;
import org.tokenauth.example.cli.PollsClient;

/**
 * {@code java -jar token-auth-example.jar [options]} starts the example on an embedded Jetty and
 * prints its URL and demo login; {@code java -jar token-auth-example.jar client …} runs the
 * command-line client ({@link PollsClient}) instead.
 *
 * @since 0.1
 */
public final class Main {

    private static final String USAGE = String.join("\n",
            "usage: java -jar token-auth-example.jar [options]",
            "       java -jar token-auth-example.jar client COMMAND   (the command-line client; 'client --help')",
            "       java -jar token-auth-example.jar migrate-tokens [options]   (DRF's plain keys to hashed mode's digests)",
            "       java -jar token-auth-example.jar tokens COMMAND [options]   (create, reset, list, revoke, prune, backfill; 'tokens --help')",
            "options (each also a system property -Dtokenauth.example.NAME or an environment variable TOKENAUTH_EXAMPLE_NAME):",
            "  --host ADDRESS              listen address (default 127.0.0.1)",
            "  --allowed-hosts H1,H2       host names requests may be addressed to (Django's ALLOWED_HOSTS;",
            "                              .example.com for subdomains too; default: the listen address and localhost)",
            "  --port N                    port (default 8000; 0 = any free port)",
            "  --db-url JDBC_URL           database (default in-memory H2), e.g.",
            "                              jdbc:postgresql://127.0.0.1:5432/polls?user=postgres",
            "  --db-user NAME, --db-password PASSWORD   if not in the URL",
            "  --demo-user NAME            demo login's username (default admin)",
            "  --demo-password PASSWORD    demo login's password (default: a new random one at each start)",
            "  --no-demo-data              don't add the demo questions",
            "  --password-iterations N     PBKDF2 iterations for new password hashes (default 1000000)",
            "  --hashed-tokens             keys hashed at rest (tka_ keys, a token per login) instead of DRF's",
            "  --token-ttl DURATION        how long a token lives, e.g. 10h, 30m, 7d (default: forever)",
            "  --token-secret-file FILE    hashed mode's server secret (default ./token-secret, made if missing)",
            "  --no-cache                  no token cache (30 s) and user cache (5 s) in front of the database",
            "  --token-cache-ttl DURATION  how long a token stays cached, e.g. 5s (default 30s): how late a token",
            "                              revoked on another instance may still be accepted here, without a bus",
            "  --invalidation BUS          how several instances tell each other of revocations, within moments:",
            "                              postgres (LISTEN/NOTIFY on the --db-url database), redis (pub/sub on",
            "                              --redis-url) or none (default)",
            "  --invalidation-channel NAME the bus's channel (default: postgres tokenauth_invalidation, a-z, 0-9 and _;",
            "                              redis tokenauth:invalidation, printable ASCII; one per application on a Redis)",
            "  --redis-url URL             the Redis of --invalidation redis (default redis://127.0.0.1:6379)");

    private Main() {
    }

    /**
     * Starts the server, or runs the client.
     *
     * @param args the command line
     */
    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("client")) {
            PollsClient.main(Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        if (args.length > 0 && args[0].equals("tokens")) {
            if (System.getProperty("org.jboss.logging.provider") == null) {
                System.setProperty("org.jboss.logging.provider", "slf4j");
            }
            System.exit(TokensCommand.run(List.of(args).subList(1, args.length), System.out, System.err, System.console() != null));
            return;
        }
        if (args.length > 0 && args[0].equals("migrate-tokens")) {
            if (System.getProperty("org.jboss.logging.provider") == null) {
                System.setProperty("org.jboss.logging.provider", "slf4j");
            }
            System.exit(MigrateTokensCommand.run(List.of(args).subList(1, args.length), System.out, System.console() != null));
            return;
        }
        if (args.length > 0 && (args[0].equals("--help") || args[0].equals("-h"))) {
            System.out.println(USAGE);
            return;
        }
        // Hibernate's logging through SLF4J (quiet by default, see simplelogger.properties), not java.util.logging.
        if (System.getProperty("org.jboss.logging.provider") == null) {
            System.setProperty("org.jboss.logging.provider", "slf4j");
        }
        ExampleSettings settings;
        try {
            settings = ExampleSettings.parse(List.of(args), System::getProperty, System::getenv);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        ExampleServer server;
        try {
            server = ExampleServer.start(settings);
        } catch (Exception e) {
            System.err.println("Could not start: " + reason(e, settings));
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.close();
            } catch (IllegalStateException e) {
                System.err.println("Error while stopping: " + e.getMessage());
            }
        }, "shutdown"));
        banner(server, System.out);
        try {
            server.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static void banner(ExampleServer server, PrintStream out) {
        DemoLogin login = server.demoLogin();
        ExampleSettings settings = server.settings();
        String base = server.uri().toString();
        out.println();
        out.println("token-auth example is running: " + base + "polls/");
        out.println();
        out.println("  Log in as:  " + login.username() + " / " + login.password()
                + (login.generated() ? "   (generated at this start; choose one with --demo-password)" : ""));
        out.println("  Database:   " + settings.dbUrlForDisplay()
                + (settings.inMemoryDatabase() ? "   (in memory: gone when the server stops; set TOKENAUTH_EXAMPLE_DB_URL to keep it)" : ""));
        ExampleSettings.Invalidation invalidation = settings.invalidation();
        if (invalidation.bus() != ExampleSettings.Bus.NONE) {
            String channel = invalidation.bus() == ExampleSettings.Bus.REDIS
                    ? invalidation.redisUrlForDisplay() + ", channel " + invalidation.channel().orElse(RedisInvalidationBus.DEFAULT_CHANNEL)
                    : "channel " + invalidation.channel().orElse(PostgresInvalidationBus.DEFAULT_CHANNEL);
            out.println("  Invalidation: " + invalidation.bus().optionValue() + " (" + channel
                    + ")   revocations reach the other instances; cache figures at /admin/cache/");
        }
        out.println();
        out.println("  Get a token:  curl -X POST -d 'username=" + login.username() + "' -d 'password=…' "
                + base + "accounts/get_auth_token/");
        out.println("  Use it:       curl -H 'Authorization: Token <token>' " + base + "polls/api/questions/");
        out.println();
        out.println("Press Ctrl+C to stop.");
        out.flush();
    }

    private static String reason(Exception e, ExampleSettings settings) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            if (root instanceof BindException) {
                break;
            }
            root = root.getCause();
        }
        if (root instanceof BindException || e instanceof BindException) {
            return "cannot listen on " + settings.host() + ":" + settings.port()
                    + " (" + root.getMessage() + "). Is another server using that port? Choose another with --port.";
        }
        return e.getMessage() + (root != e ? " (" + root + ")" : "")
                + "\n  database: " + settings.dbUrlForDisplay();
    }
}
