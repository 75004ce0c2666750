package org.tokenauth.example;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.tokenauth.example.accounts.UserDirectory;
import org.tokenauth.example.polls.Polls;
import org.tokenauth.example.polls.QuestionView;

/** The demo login, and a few questions for an empty database. */
final class DemoData {

    /** No 0/O, 1/l/I: the password is read off a terminal and typed by hand. */
    private static final String PASSWORD_CHARS = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    private static final int PASSWORD_LENGTH = 16;

    private record Seed(String question, List<String> choices, List<Integer> votes) {
    }

    private static final List<Seed> QUESTIONS = List.of(
            new Seed("What's new?", List.of("Not much", "The sky", "Just hacking again"), List.of(1, 0, 3)),
            new Seed("Which servlet container do you deploy to?",
                    List.of("Jetty", "Tomcat", "Undertow", "GlassFish or Payara"), List.of(4, 5, 1, 1)),
            new Seed("Where should a browser app keep its API token?",
                    List.of("localStorage", "sessionStorage", "Only in memory", "An HttpOnly cookie"), List.of(3, 2, 1, 2)),
            new Seed("How do you call an API by hand?", List.of("curl", "Postman", "HTTPie", "A small script"),
                    List.of(6, 3, 2, 1)));

    private DemoData() {
    }

    /**
     * Makes sure the demo login works, with the chosen password or a new generated one, and adds
     * the demo questions if the database has none.
     */
    static DemoLogin install(ExampleSettings settings, UserDirectory users, Polls polls, Clock clock) {
        boolean generated = settings.demoPassword().isEmpty();
        String password = settings.demoPassword().orElseGet(DemoData::generatePassword);
        users.ensureStaff(settings.demoUsername(), password);
        if (settings.demoData() && polls.count() == 0) {
            // Oldest first, a minute apart, so the list (newest first) shows them in a stable order.
            for (int i = 0; i < QUESTIONS.size(); i++) {
                Seed seed = QUESTIONS.get(i);
                QuestionView question = polls.create(seed.question(),
                        Optional.of(clock.instant().minus(Duration.ofMinutes(QUESTIONS.size() - i))), seed.choices());
                for (int c = 0; c < seed.choices().size(); c++) {
                    polls.seedVotes(question.choices().get(c).id(), seed.votes().get(c));
                }
            }
        }
        return new DemoLogin(settings.demoUsername(), password, generated);
    }

    /**
     * Writes a generated demo password to a new file that only this user can read (mode 0600 where
     * the file system has POSIX permissions), in the temporary directory.
     *
     * @return the file
     * @throws UncheckedIOException if it cannot be written
     */
    static Path writePasswordFile(String password) {
        try {
            Path file;
            try {
                file = Files.createTempFile("tokenauth-example-demo-password-", ".txt",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException notPosix) {
                file = Files.createTempFile("tokenauth-example-demo-password-", ".txt");
            }
            Files.writeString(file, password + "\n", StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the demo password file", e);
        }
    }

    private static String generatePassword() {
        SecureRandom random = new SecureRandom();
        StringBuilder password = new StringBuilder(PASSWORD_LENGTH);
        for (int i = 0; i < PASSWORD_LENGTH; i++) {
            password.append(PASSWORD_CHARS.charAt(random.nextInt(PASSWORD_CHARS.length())));
        }
        return password.toString();
    }
}
