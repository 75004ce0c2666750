package org.tokenauth.example;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.tokenauth.core.IssuedToken;
import org.tokenauth.core.Pbkdf2PasswordHasher;
import org.tokenauth.core.Token;
import org.tokenauth.core.TokenService;
import org.tokenauth.core.UserAccount;
import org.tokenauth.example.accounts.UserDirectory;

/**
 * {@code java -jar token-auth-example.jar tokens COMMAND [arguments] [server options]}: Django REST
 * Framework's {@code drf_create_token} and more, on the server's database and in its token mode
 * ({@code --db-url}, {@code --hashed-tokens}, {@code --token-secret-file}, {@code --token-ttl}), so
 * the keys it makes work on the running server.
 *
 * <pre>
 * create USER [--name N] [--scopes a,b] [--expires-in 30d]   a token; its key is printed once
 * reset USER                                                 a new token in place of all of USER's (drf_create_token -r)
 * list USER                                                  USER's tokens: id, name, created, expires, last used, scopes
 * revoke ID                                                  deletes the token with this public id
 * prune                                                      deletes every expired token
 * backfill                                                   a token for every user without one; prints "username key"
 * </pre>
 *
 * <p>Exit status: 0 done, 1 unknown user or token, 2 bad arguments. {@code prune} and
 * {@code backfill} show progress on a terminal (on the error stream, so {@code backfill}'s output
 * stays a clean list) and a summary at the end.
 *
 * @since 0.1
 */
final class TokensCommand {

    static final String USAGE = String.join("\n",
            "usage: java -jar token-auth-example.jar tokens COMMAND [arguments] [server options]",
            "  create USER [--name N] [--scopes a,b] [--expires-in 30d]   a token for USER; prints its key once",
            "  reset USER                  a new token in place of all of USER's (drf_create_token -r)",
            "  list USER                   USER's tokens",
            "  revoke ID                   deletes the token with this public id (see list)",
            "  prune                       deletes every expired token",
            "  backfill                    a token for every user who has none; prints 'username key' lines",
            "server options, as the server takes them: --db-url, --db-user, --db-password, --hashed-tokens,",
            "  --token-secret-file, --token-ttl (see --help)");

    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})([smhd])");

    private TokensCommand() {
    }

    /** A bad command line: exit 2 with this message. */
    private static final class BadArguments extends Exception {
        private static final long serialVersionUID = 1L;

        BadArguments(String message) {
            super(message);
        }
    }

    /**
     * Runs a command.
     *
     * @param args     the command, its arguments and the server's options
     * @param out      where results go
     * @param err      where messages, progress and summaries of long commands go
     * @param terminal whether {@code err} is a terminal (progress rewrites one line)
     * @return the exit status: 0 done, 1 unknown user or token, 2 bad arguments
     */
    static int run(List<String> args, PrintStream out, PrintStream err, boolean terminal) {
        if (args.isEmpty() || args.get(0).equals("--help") || args.get(0).equals("-h")) {
            (args.isEmpty() ? err : out).println(USAGE);
            return args.isEmpty() ? 2 : 0;
        }
        String command = args.get(0);
        List<String> positional = new ArrayList<>();
        List<String> serverOptions = new ArrayList<>();
        String name = "";
        Set<String> scopes = new LinkedHashSet<>();
        Duration expiresIn = null;
        ExampleSettings settings;
        try {
            for (int i = 1; i < args.size(); i++) {
                String arg = args.get(i);
                switch (arg) {
                    case "--name" -> name = value(args, ++i, arg);
                    case "--scopes" -> {
                        for (String scope : value(args, ++i, arg).split(",")) {
                            if (!scope.isBlank()) {
                                scopes.add(scope.strip());
                            }
                        }
                    }
                    case "--expires-in" -> expiresIn = duration(value(args, ++i, arg));
                    default -> {
                        if (arg.startsWith("--")) {
                            serverOptions.add(arg);
                            if (!arg.contains("=") && !arg.equals("--hashed-tokens") && !arg.equals("--no-cache")
                                    && !arg.equals("--no-demo-data") && i + 1 < args.size()) {
                                serverOptions.add(args.get(++i));
                            }
                        } else {
                            positional.add(arg);
                        }
                    }
                }
            }
            int wanted = switch (command) {
                case "create", "reset", "list", "revoke" -> 1;
                case "prune", "backfill" -> 0;
                default -> throw new BadArguments("unknown command '" + command + "'");
            };
            if (positional.size() != wanted) {
                throw new BadArguments(command + " takes " + (wanted == 0 ? "no argument" : "one argument")
                        + ", but was given " + positional.size() + (positional.isEmpty() ? "" : ": " + positional));
            }
            if (!command.equals("create") && (!name.isEmpty() || !scopes.isEmpty() || expiresIn != null)) {
                throw new BadArguments("--name, --scopes and --expires-in go with create only");
            }
            settings = ExampleSettings.parse(serverOptions, System::getProperty, System::getenv);
        } catch (BadArguments | IllegalArgumentException e) {
            err.println(e.getMessage());
            err.println(USAGE);
            return 2;
        }
        try (Database db = Database.open(settings)) {
            TokenService tokens = PollsWebApp.tokenService(settings, db, err::println, null);
            UserDirectory users = new UserDirectory(db.emf(), new Pbkdf2PasswordHasher(settings.passwordIterations()),
                    java.time.Clock.systemUTC());
            String arg = positional.isEmpty() ? null : positional.get(0);
            return switch (command) {
                case "create" -> create(tokens, users, arg, name, scopes, expiresIn, out, err);
                case "reset" -> reset(tokens, users, arg, out, err);
                case "list" -> list(tokens, users, arg, out, err);
                case "revoke" -> revoke(tokens, users, arg, out, err);
                case "prune" -> prune(tokens, users, err, terminal);
                default -> backfill(tokens, users, out, err, terminal);
            };
        } catch (IllegalStateException e) {
            err.println(e.getMessage());
            return 2;
        }
    }

    private static String value(List<String> args, int i, String option) throws BadArguments {
        if (i >= args.size()) {
            throw new BadArguments("option " + option + " needs a value");
        }
        return args.get(i);
    }

    private static Duration duration(String text) throws BadArguments {
        Matcher unit = DURATION.matcher(text);
        if (unit.matches() && Long.parseLong(unit.group(1)) > 0) {
            long n = Long.parseLong(unit.group(1));
            return switch (unit.group(2)) {
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        }
        throw new BadArguments("--expires-in must be a positive duration such as 30d, 12h or 45m, but was '" + text + "'");
    }

    private static Optional<UserAccount> user(UserDirectory users, String username, PrintStream err) {
        Optional<UserAccount> user = users.findByUsername(username);
        if (user.isEmpty()) {
            err.println("unknown user '" + username + "'");
        }
        return user;
    }

    private static int create(TokenService tokens, UserDirectory users, String username, String name, Set<String> scopes,
            Duration expiresIn, PrintStream out, PrintStream err) {
        Optional<UserAccount> user = user(users, username, err);
        if (user.isEmpty()) {
            return 1;
        }
        IssuedToken issued = tokens.issueFor(user.get().id(), name, scopes, expiresIn);
        out.println("Generated token " + issued.key() + " for user " + username);
        out.println("  id " + issued.token().id() + ", expires "
                + tokens.expiryOf(issued.token()).map(Instant::toString).orElse("never")
                + (tokens.keys().storesKeys() ? "" : "; the key is not stored, so it cannot be shown again"));
        return 0;
    }

    private static int reset(TokenService tokens, UserDirectory users, String username, PrintStream out, PrintStream err) {
        Optional<UserAccount> user = user(users, username, err);
        if (user.isEmpty()) {
            return 1;
        }
        IssuedToken issued = tokens.reissueFor(user.get().id());
        out.println("Generated token " + issued.key() + " for user " + username + " (every earlier token revoked)");
        return 0;
    }

    private static int list(TokenService tokens, UserDirectory users, String username, PrintStream out, PrintStream err) {
        Optional<UserAccount> user = user(users, username, err);
        if (user.isEmpty()) {
            return 1;
        }
        List<Token> all = tokens.tokensOf(user.get().id());
        out.printf(Locale.ROOT, "%-12s %-20s %-24s %-24s %-24s %s%n", "ID", "NAME", "CREATED", "EXPIRES", "LAST USED", "SCOPES");
        for (Token token : all) {
            out.printf(Locale.ROOT, "%-12s %-20s %-24s %-24s %-24s %s%n", token.id(), token.name().isEmpty() ? "-" : token.name(),
                    token.created(), tokens.expiryOf(token).map(Instant::toString).orElse("never"),
                    token.lastUsed().map(Instant::toString).orElse("-"),
                    token.scopes().isEmpty() ? "-" : String.join(",", token.scopes()));
        }
        out.println(all.size() + " token(s) of " + username);
        return 0;
    }

    private static int revoke(TokenService tokens, UserDirectory users, String id, PrintStream out, PrintStream err) {
        for (UserDirectory.Summary user : users.list()) {
            if (tokens.revokeById(Long.toString(user.id()), id)) {
                out.println("Revoked token " + id + " of user " + user.username());
                return 0;
            }
        }
        err.println("no token has the id '" + id + "'");
        return 1;
    }

    private static int prune(TokenService tokens, UserDirectory users, PrintStream err, boolean terminal) {
        List<UserDirectory.Summary> all = users.list();
        Progress progress = new Progress(err, terminal, all.size());
        long deleted = 0;
        for (UserDirectory.Summary user : all) {
            deleted += tokens.pruneExpired(Long.toString(user.id()));
            progress.step();
        }
        progress.done();
        err.printf(Locale.ROOT, "Pruned %,d expired token(s) of %,d user(s) in %.1f s.%n", deleted, all.size(), progress.seconds());
        return 0;
    }

    private static int backfill(TokenService tokens, UserDirectory users, PrintStream out, PrintStream err, boolean terminal) {
        List<UserDirectory.Summary> all = users.list();
        Progress progress = new Progress(err, terminal, all.size());
        long issued = 0;
        for (UserDirectory.Summary user : all) {
            String id = Long.toString(user.id());
            if (tokens.tokensOf(id).isEmpty()) {
                out.println(user.username() + " " + tokens.issueFor(id).key());
                issued++;
            }
            progress.step();
        }
        progress.done();
        err.printf(Locale.ROOT, "Issued %,d token(s); %,d of %,d user(s) had one already (%.1f s).%n",
                issued, all.size() - issued, all.size(), progress.seconds());
        return 0;
    }

    /** Progress as {@link MigrateTokensCommand} shows it: one line rewritten on a terminal, nothing elsewhere. */
    private static final class Progress {
        private final PrintStream err;
        private final boolean terminal;
        private final long total;
        private final long start = System.nanoTime();
        private long done;

        Progress(PrintStream err, boolean terminal, long total) {
            this.err = err;
            this.terminal = terminal;
            this.total = total;
        }

        void step() {
            done++;
            if (terminal && (done % 100 == 0 || done == total)) {
                err.printf(Locale.ROOT, "\r%,d / %,d users (%d%%)   ", done, total, total == 0 ? 100 : done * 100 / total);
                err.flush();
            }
        }

        void done() {
            if (terminal) {
                err.println();
            }
        }

        double seconds() {
            return (System.nanoTime() - start) / 1e9;
        }
    }
}
