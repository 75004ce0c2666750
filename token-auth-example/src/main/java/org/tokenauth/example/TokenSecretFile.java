package org.tokenauth.example;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.function.Consumer;
import org.tokenauth.core.ServerSecret;

/**
 * The server secret of hashed mode, kept in a file: text, at least 32 bytes once decoded (e.g. the
 * 64 hex characters of {@code openssl rand -hex 32}). A file that does not exist yet is made with
 * a fresh random secret, readable by its owner only (0600). Several instances given the same file
 * share the secret, and so accept each other's keys.
 *
 * <p>The secret's id, stored with every digest, is derived from the secret itself ({@code s} and 8
 * hex characters of its SHA-256), so every instance names the same secret alike, and a new
 * secret in the file is a rotation: tokens made under the old one stop working.
 *
 * @since 0.1
 */
public final class TokenSecretFile {

    private static final SecureRandom RANDOM = new SecureRandom();

    private TokenSecretFile() {
    }

    /**
     * Reads the secret from {@code file}, making the file first if it does not exist.
     *
     * @param file where the secret is kept
     * @param say  told when a new secret was made, and where
     * @return the secret
     * @throws IllegalArgumentException naming the setting and the file, if the file holds no
     *                                  usable secret (fewer than 32 bytes, not hex or Base64)
     * @throws UncheckedIOException     if the file cannot be read or made
     */
    public static ServerSecret load(Path file, Consumer<String> say) {
        try {
            if (createIfAbsent(file)) {
                say.accept("Made a new token secret in " + file.toAbsolutePath() + " (mode 0600); give every instance this file.");
            }
            String text = Files.readString(file, StandardCharsets.UTF_8).strip();
            try {
                return ServerSecret.decode(idOf(text), text);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("token.secret.file (--token-secret-file): " + file + " holds no usable secret: "
                        + e.getMessage() + ". Delete it to have a new one made, or write 64 hex characters into it.");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("token.secret.file (--token-secret-file): cannot read or make " + file, e);
        }
    }

    /** Makes the file with a new secret, unless another process got there first. */
    private static boolean createIfAbsent(Path file) throws IOException {
        if (Files.exists(file)) {
            return false;
        }
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (FileAlreadyExistsException raced) {
            return false;
        } catch (UnsupportedOperationException notPosix) {
            Files.createFile(file);
        }
        Files.writeString(file, HexFormat.of().formatHex(secret) + "\n", StandardCharsets.UTF_8);
        return true;
    }

    private static String idOf(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return "s" + HexFormat.of().formatHex(digest, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
