package org.tokenauth.example;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.tokenauth.core.KeyMode;
import org.tokenauth.core.ServerSecret;
import org.tokenauth.core.TokenService;
import org.tokenauth.core.jdbc.DrfTokenMigration;
import org.tokenauth.core.jpa.JpaTokenStore;
import org.tokenauth.core.jpa.JpaTokenauthStore;

/**
 * {@code java -jar token-auth-example.jar migrate-tokens [options]}: moves every plain key of
 * {@code authtoken_token} into {@code tokenauth_token} as a digest, under the same key, with the
 * server options ({@code --db-url}, {@code --token-secret-file}, {@code --token-ttl}), so the keys
 * work on a server started with {@code --hashed-tokens}. It can run while such a server serves
 * them: a key used meanwhile moves on its first use. Shows progress on a terminal (one line a
 * page otherwise) and a summary at the end; exits 0 when no plain key is left.
 *
 * @since 0.1
 */
final class MigrateTokensCommand {

    private MigrateTokensCommand() {
    }

    /**
     * Runs the migration.
     *
     * @param args     the server's options
     * @param out      where progress and the summary go
     * @param terminal whether {@code out} is a terminal (progress rewrites one line)
     * @return the exit status: 0 done, 1 keys left, 2 bad options
     */
    static int run(List<String> args, PrintStream out, boolean terminal) {
        ExampleSettings settings;
        try {
            settings = ExampleSettings.parse(args, System::getProperty, System::getenv);
        } catch (IllegalArgumentException e) {
            out.println(e.getMessage());
            return 2;
        }
        ServerSecret secret = TokenSecretFile.load(settings.tokenSecretFile(), out::println);
        try (Database db = Database.open(settings)) {
            TokenService.Builder builder = TokenService.builder(new JpaTokenauthStore(db.emf()))
                    .keys(KeyMode.hashed(secret))
                    .migrateFrom(new JpaTokenStore(db.emf()));
            settings.tokenTtl().ifPresent(builder::timeToLive);
            DrfTokenMigration migration = new DrfTokenMigration(db.dataSource(), builder.build());
            long total = migration.count();
            out.printf(Locale.ROOT, "Migrating %,d plain keys of authtoken_token in %s to digests in tokenauth_token (secret %s).%n",
                    total, settings.dbUrlForDisplay(), secret.id());
            DrfTokenMigration.Progress done = migration.run(progress(out, terminal));
            long left = migration.count();
            if (terminal) {
                out.println();
            }
            double seconds = Math.max(done.elapsed().toMillis(), 1) / 1000.0;
            out.printf(Locale.ROOT, "Migrated %,d keys in %.1f s (%,.0f keys/s); %,d could not move; %,d plain keys left.%n",
                    done.moved(), seconds, done.moved() / seconds, done.skipped(), left);
            return left == 0 ? 0 : 1;
        }
    }

    /** A line rewritten in place on a terminal; elsewhere, a line at most every 2 seconds. */
    private static Consumer<DrfTokenMigration.Progress> progress(PrintStream out, boolean terminal) {
        long[] lastPrinted = {0};
        return p -> {
            long handled = p.moved() + p.skipped();
            double seconds = Math.max(p.elapsed().toMillis(), 1) / 1000.0;
            double rate = handled / seconds;
            long remaining = Math.max(p.total() - handled, 0);
            String line = String.format(Locale.ROOT, "%,d / %,d keys (%d%%), %,.0f keys/s, about %s left",
                    handled, p.total(), p.total() == 0 ? 100 : handled * 100 / p.total(), rate,
                    rate == 0 ? "?" : human(Duration.ofSeconds((long) (remaining / rate))));
            if (terminal) {
                out.print("\r" + line + "   ");
                out.flush();
            } else if (p.elapsed().toMillis() - lastPrinted[0] >= 2_000) {
                lastPrinted[0] = p.elapsed().toMillis();
                out.println(line);
            }
        };
    }

    private static String human(Duration d) {
        return d.toMinutes() > 0 ? d.toMinutes() + " min " + d.toSecondsPart() + " s" : d.toSeconds() + " s";
    }
}
