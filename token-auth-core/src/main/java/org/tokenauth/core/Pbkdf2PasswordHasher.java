package org.tokenauth.core;

import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import java.util.function.IntConsumer;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Hashes and verifies passwords in Django's default format, so a Java application can share its
 * users table with a Django one, or take over Django's users without a password reset:
 *
 * <pre>pbkdf2_sha256$&lt;iterations&gt;$&lt;salt&gt;$&lt;base64 of the 32-byte PBKDF2-HMAC-SHA256 hash&gt;</pre>
 *
 * <p>This is Django's {@code PBKDF2PasswordHasher}: the password and the salt are taken as UTF-8
 * bytes, the salt is 22 characters from {@code [a-zA-Z0-9]} (at least 128 bits of entropy) drawn
 * from {@link SecureRandom}, and the hash is the JDK's {@code PBKDF2WithHmacSHA256}.
 * {@link #verify} uses the iteration count written in the stored hash, so hashes made with an
 * older count (Django 4.2 wrote 600,000) still verify; {@link #needsRehash} tells when to store a
 * new one.
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.1
 */
public final class Pbkdf2PasswordHasher {

    /** The algorithm name that starts every hash: {@code pbkdf2_sha256}. */
    public static final String ALGORITHM = "pbkdf2_sha256";

    /** Django 5.2's iteration count: 1,000,000. */
    public static final int DEFAULT_ITERATIONS = 1_000_000;

    /**
     * The fewest iterations a hasher accepts for new hashes: 1,000. That is far too few for
     * production (use {@link #DEFAULT_ITERATIONS}) and is allowed so tests can hash quickly; any
     * lower count is refused as a configuration mistake.
     */
    public static final int MIN_ITERATIONS = 1_000;

    /** Django's salt alphabet ({@code RANDOM_STRING_CHARS}). */
    private static final String SALT_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    /** 22 characters of 62 carry 131 bits: Django's {@code ceil(128 / log2(62))}. */
    private static final int SALT_LENGTH = 22;

    private static final int HASH_BITS = 256;

    private final int iterations;
    private final SecureRandom random = new SecureRandom();
    /** Told the iteration count of every PBKDF2 run; lets tests see that a path did the work. */
    private final IntConsumer derivations;

    /** A hasher with {@link #DEFAULT_ITERATIONS}: about 0.27 s per hash on one core of a 2-core server (JDK 17). */
    public Pbkdf2PasswordHasher() {
        this(DEFAULT_ITERATIONS);
    }

    /**
     * A hasher that writes new hashes with {@code iterations} iterations. Verification always
     * uses the count stored in the hash, whatever this one is.
     *
     * @param iterations the iteration count for new hashes; use {@link #DEFAULT_ITERATIONS} (or
     *                   more) in production, as few as {@link #MIN_ITERATIONS} in tests
     * @throws IllegalArgumentException if {@code iterations} is under {@link #MIN_ITERATIONS}
     */
    public Pbkdf2PasswordHasher(int iterations) {
        this(iterations, count -> { });
    }

    /**
     * A hasher that also reports the work it does: {@code derivations} is told the iteration
     * count of every PBKDF2 run (for metrics, or for tests that check two paths cost the same).
     *
     * @param iterations  the iteration count for new hashes, as in {@link #Pbkdf2PasswordHasher(int)}
     * @param derivations told the iteration count of each PBKDF2 run, on the calling thread
     * @throws IllegalArgumentException if {@code iterations} is under {@link #MIN_ITERATIONS}
     * @throws NullPointerException     if {@code derivations} is {@code null}
     */
    public Pbkdf2PasswordHasher(int iterations, IntConsumer derivations) {
        if (iterations < MIN_ITERATIONS) {
            throw new IllegalArgumentException("iterations must be at least " + MIN_ITERATIONS
                    + " (Django uses " + DEFAULT_ITERATIONS + "), but was " + iterations);
        }
        this.iterations = iterations;
        this.derivations = Objects.requireNonNull(derivations, "derivations");
    }

    /** {@return the iteration count this hasher writes into new hashes} */
    public int iterations() {
        return iterations;
    }

    /**
     * Hashes a password with a new random salt.
     *
     * @param password the password; any text, the empty string included
     * @return the encoded hash, {@code pbkdf2_sha256$<iterations>$<salt>$<hash>}
     * @throws NullPointerException     if {@code password} is {@code null}
     * @throws IllegalArgumentException if {@code password} is not well-formed Unicode (it holds
     *                                  a lone surrogate), so it has no UTF-8 form to hash
     */
    public String hash(String password) {
        Objects.requireNonNull(password, "password");
        if (!isWellFormed(password)) {
            throw new IllegalArgumentException("password must be well-formed Unicode text, but holds a lone surrogate");
        }
        return encode(password, newSalt(), iterations);
    }

    /**
     * Tells whether {@code password} is the one {@code encoded} was made from. The comparison takes
     * the same time wherever the hashes differ.
     *
     * @param password the password to check
     * @param encoded  a stored hash
     * @return {@code true} if it matches; {@code false} if it does not, and also (never an
     *         exception) if {@code encoded} is malformed, is another algorithm's (for example
     *         Django's {@code argon2} or an unusable {@code !…} password), or {@code password}
     *         holds a lone surrogate
     * @throws NullPointerException if an argument is {@code null}
     */
    public boolean verify(String password, String encoded) {
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(encoded, "encoded");
        Parsed parsed = Parsed.of(encoded);
        if (parsed == null) {
            return false;
        }
        // Django's way: encode again with the stored salt and count, then compare the whole text.
        String again = encode(password, parsed.salt, parsed.iterations);
        boolean same = MessageDigest.isEqual(
                again.getBytes(StandardCharsets.UTF_8), encoded.getBytes(StandardCharsets.UTF_8));
        return same && isWellFormed(password);
    }

    /**
     * Tells whether a stored hash should be replaced by a new one from {@link #hash}, the next
     * time the user logs in with the right password (Django's {@code must_update}): when it was made
     * with another iteration count, with a salt shorter than 128 bits, or is not in this format.
     *
     * @param encoded a stored hash
     * @return whether to rehash
     * @throws NullPointerException if {@code encoded} is {@code null}
     */
    public boolean needsRehash(String encoded) {
        Parsed parsed = Parsed.of(Objects.requireNonNull(encoded, "encoded"));
        return parsed == null || parsed.iterations != iterations || parsed.salt.length() < SALT_LENGTH;
    }

    /**
     * Brings the cost of a failed {@link #verify} up to that of this hasher's own count, as
     * Django's {@code harden_runtime} does: after a wrong password against a hash made with fewer
     * iterations (Django 4.2 wrote 600,000; 5.2 writes 1,000,000), it runs the missing ones. So a
     * wrong password for a user with an old hash costs what an unknown user costs (a dummy hash at
     * this count) and what any other wrong password costs, and timing tells nothing about which
     * users exist or how old their hash is. Does nothing for a hash with as many iterations or
     * more, or one that is malformed.
     *
     * @param password the password that did not match
     * @param encoded  the stored hash it was checked against
     * @throws NullPointerException if an argument is {@code null}
     */
    public void hardenRuntime(String password, String encoded) {
        Objects.requireNonNull(password, "password");
        Parsed parsed = Parsed.of(Objects.requireNonNull(encoded, "encoded"));
        if (parsed != null && parsed.iterations < iterations) {
            pbkdf2(password, parsed.salt.getBytes(StandardCharsets.UTF_8), iterations - parsed.iterations);
        }
    }

    /**
     * Tells whether a stored hash that just verified should be replaced by a stronger one from
     * {@link #hash}: when it has fewer iterations than this hasher, or as many with a salt shorter
     * than 128 bits. Unlike {@link #needsRehash}, never for a hash with more iterations, so that a
     * service sharing a users table with a Django that writes more never weakens Django's hashes
     * (and the two never rewrite each other's).
     *
     * @param encoded a stored hash in this format
     * @return whether to store a new hash
     * @throws NullPointerException if {@code encoded} is {@code null}
     */
    public boolean needsUpgrade(String encoded) {
        Parsed parsed = Parsed.of(Objects.requireNonNull(encoded, "encoded"));
        return parsed != null && parsed.iterations <= iterations && needsRehash(encoded);
    }

    /** Whether {@link #verify} would run PBKDF2 for this hash rather than refuse it at once. */
    boolean canVerify(String encoded) {
        return Parsed.of(encoded) != null;
    }

    private String encode(String password, String salt, int count) {
        byte[] hash = pbkdf2(password, salt.getBytes(StandardCharsets.UTF_8), count);
        return ALGORITHM + "$" + count + "$" + salt + "$" + Base64.getEncoder().encodeToString(hash);
    }

    private byte[] pbkdf2(String password, byte[] salt, int count) {
        derivations.accept(count);
        // The JDK turns the chars into UTF-8 bytes, as Django does with force_bytes().
        char[] chars = password.toCharArray();
        PBEKeySpec spec = new PBEKeySpec(chars, salt, count, HASH_BITS);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            // Every Java 8+ runtime has PBKDF2WithHmacSHA256.
            throw new IllegalStateException("this Java runtime lacks PBKDF2WithHmacSHA256", e);
        } finally {
            spec.clearPassword();
            Arrays.fill(chars, '\0');
        }
    }

    private String newSalt() {
        char[] salt = new char[SALT_LENGTH];
        for (int i = 0; i < salt.length; i++) {
            salt[i] = SALT_CHARS.charAt(random.nextInt(SALT_CHARS.length()));
        }
        return new String(salt);
    }

    private static boolean isWellFormed(String text) {
        try {
            StandardCharsets.UTF_8.newEncoder().encode(CharBuffer.wrap(text));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    @Override
    public String toString() {
        return "Pbkdf2PasswordHasher[" + ALGORITHM + ", iterations=" + iterations + "]";
    }

    /** The parts of a well-formed hash of this algorithm. */
    private static final class Parsed {

        /** Integer.MAX_VALUE has 10 digits; a longer count cannot be an int. */
        private static final int MAX_COUNT_DIGITS = 10;

        final int iterations;
        final String salt;

        private Parsed(int iterations, String salt) {
            this.iterations = iterations;
            this.salt = salt;
        }

        /** Django's {@code encoded.split("$", 3)}, checked; {@code null} if malformed. */
        static Parsed of(String encoded) {
            String[] parts = encoded.split("\\$", 4);
            if (parts.length != 4 || !parts[0].equals(ALGORITHM)) {
                return null;
            }
            String count = parts[1];
            if (count.isEmpty() || count.length() > MAX_COUNT_DIGITS || count.charAt(0) == '0') {
                return null;
            }
            for (int i = 0; i < count.length(); i++) {
                if (count.charAt(i) < '0' || count.charAt(i) > '9') {
                    return null;
                }
            }
            long iterations = Long.parseLong(count);
            String salt = parts[2];
            if (iterations > Integer.MAX_VALUE || salt.isEmpty() || !isWellFormed(salt) || parts[3].isEmpty()) {
                return null;
            }
            return new Parsed((int) iterations, salt);
        }
    }
}
