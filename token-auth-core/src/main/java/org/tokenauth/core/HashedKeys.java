package org.tokenauth.core;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.tokenauth.core.internal.StripedPool;

/**
 * {@link KeyMode#hashed}: keys in GitHub's documented layout, {@code <prefix><30 base62><6 base62
 * CRC32 of the 30>}, stored as {@code <secret id>$<hex HMAC-SHA256(secret, key)>}.
 *
 * <p>Secret scanners find such keys with {@code \b<prefix>[0-9A-Za-z]{36}\b}.
 */
final class HashedKeys implements KeyMode {

    static final String DEFAULT_PREFIX = "tka_";
    static final int RANDOM_CHARS = 30;
    static final int CHECKSUM_CHARS = 6;

    private static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final Pattern PREFIX = Pattern.compile("[a-z][a-z0-9]{1,9}_");
    private static final String HMAC = "HmacSHA256";

    /** One for all threads: {@code SecureRandom} is thread-safe. */
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String prefix;
    private final List<Secret> secrets;

    HashedKeys(String prefix, ServerSecret current, List<ServerSecret> older) {
        Objects.requireNonNull(prefix, "prefix");
        if (!PREFIX.matcher(prefix).matches()) {
            throw new IllegalArgumentException("a key prefix is 2 to 10 lower-case letters and digits, starting with a "
                    + "letter, then '_' (like tka_), but was '" + prefix + "'");
        }
        this.prefix = prefix;
        List<Secret> all = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (ServerSecret secret : prepend(Objects.requireNonNull(current, "current"), older)) {
            if (!ids.add(Objects.requireNonNull(secret, "secret").id())) {
                throw new IllegalArgumentException("two server secrets have the id '" + secret.id() + "'");
            }
            all.add(new Secret(secret));
        }
        this.secrets = List.copyOf(all);
    }

    private static List<ServerSecret> prepend(ServerSecret first, List<ServerSecret> rest) {
        List<ServerSecret> all = new ArrayList<>(rest.size() + 1);
        all.add(first);
        all.addAll(rest);
        return all;
    }

    @Override
    public String newKey() {
        StringBuilder key = new StringBuilder(prefix.length() + RANDOM_CHARS + CHECKSUM_CHARS).append(prefix);
        byte[] bytes = new byte[RANDOM_CHARS * 2];
        int chars = 0;
        while (chars < RANDOM_CHARS) {
            RANDOM.nextBytes(bytes);
            for (int i = 0; i < bytes.length && chars < RANDOM_CHARS; i++) {
                int b = bytes[i] & 0xFF;
                if (b < 248) { // 248 = 4 * 62: rejecting the rest keeps every character equally likely
                    key.append(BASE62.charAt(b % 62));
                    chars++;
                }
            }
        }
        long crc = crc32(key, prefix.length());
        char[] checksum = new char[CHECKSUM_CHARS];
        for (int i = CHECKSUM_CHARS - 1; i >= 0; i--) {
            checksum[i] = BASE62.charAt((int) (crc % 62));
            crc /= 62;
        }
        return key.append(checksum).toString();
    }

    @Override
    public String lookupOf(String key) {
        return secrets.get(0).lookupOf(key);
    }

    @Override
    public List<String> lookupsOf(String presentedKey) {
        return isWellFormed(presentedKey) ? digestsOf(presentedKey) : List.of();
    }

    @Override
    public boolean storesKeys() {
        return false;
    }

    /**
     * The digests of any key under each secret, newest first, with no check of its format: for
     * Django REST Framework's 40-hex keys taken over by hashed mode (see
     * {@code TokenService.Builder#migrateFrom}).
     */
    List<String> digestsOf(String key) {
        if (secrets.size() == 1) {
            return List.of(secrets.get(0).lookupOf(key));
        }
        List<String> lookups = new ArrayList<>(secrets.size());
        for (Secret secret : secrets) {
            lookups.add(secret.lookupOf(key));
        }
        return lookups;
    }

    /**
     * The prefix, the length, the alphabet and the checksum, in one pass over the key: no
     * allocation, no store.
     */
    boolean isWellFormed(String key) {
        int start = prefix.length();
        if (key.length() != start + RANDOM_CHARS + CHECKSUM_CHARS || !key.startsWith(prefix)) {
            return false;
        }
        int crc = 0xFFFFFFFF;
        for (int i = start; i < start + RANDOM_CHARS; i++) {
            char c = key.charAt(i);
            if (c >= BASE62_VALUE.length || BASE62_VALUE[c] < 0) {
                return false;
            }
            crc = CRC_TABLE[(crc ^ c) & 0xFF] ^ (crc >>> 8);
        }
        long checksum = 0;
        for (int i = start + RANDOM_CHARS; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c >= BASE62_VALUE.length || BASE62_VALUE[c] < 0) {
                return false;
            }
            checksum = checksum * 62 + BASE62_VALUE[c];
        }
        return checksum == (~crc & 0xFFFFFFFFL);
    }

    /** Each ASCII character's base62 digit, or -1; never written after it is made. */
    private static final byte[] BASE62_VALUE = base62Values();

    private static byte[] base62Values() {
        byte[] values = new byte[128];
        java.util.Arrays.fill(values, (byte) -1);
        for (int i = 0; i < BASE62.length(); i++) {
            values[BASE62.charAt(i)] = (byte) i;
        }
        return values;
    }

    /**
     * CRC32 (the one of zip and PNG, as {@link java.util.zip.CRC32} computes it) of the 30 random
     * characters (ASCII) that start at {@code from}: table-driven and allocation-free, so that a
     * typo'd key is refused in well under 100 ns. {@code HashedKeysTest} checks it against
     * {@code java.util.zip.CRC32}.
     */
    static long crc32(CharSequence key, int from) {
        int crc = 0xFFFFFFFF;
        for (int i = from; i < from + RANDOM_CHARS; i++) {
            crc = CRC_TABLE[(crc ^ key.charAt(i)) & 0xFF] ^ (crc >>> 8);
        }
        return ~crc & 0xFFFFFFFFL;
    }

    /** The byte-wise table of the reflected CRC32 polynomial 0xEDB88320; never written after it is made. */
    private static final int[] CRC_TABLE = crcTable();

    private static int[] crcTable() {
        int[] table = new int[256];
        for (int n = 0; n < 256; n++) {
            int c = n;
            for (int k = 0; k < 8; k++) {
                c = (c & 1) != 0 ? 0xEDB88320 ^ (c >>> 1) : c >>> 1;
            }
            table[n] = c;
        }
        return table;
    }

    @Override
    public String toString() {
        List<String> ids = secrets.stream().map(s -> s.id).toList();
        return "KeyMode.hashed[prefix=" + prefix + ", secrets=" + ids + "]";
    }

    /** A secret's id and a ready HMAC, cloned for each use (a {@link Mac} is not thread-safe). */
    private static final class Secret {

        final String id;
        private final StripedPool<Hmac> macs;

        Secret(ServerSecret secret) {
            this.id = secret.id();
            SecretKeySpec key = new SecretKeySpec(secret.bytes(), HMAC);
            newMac(key); // a key HMAC-SHA256 refuses fails here, at start-up, not on a request
            this.macs = new StripedPool<>(32, () -> new Hmac(id, newMac(key)));
        }

        /** {@code <id>$<HMAC-SHA256 hex>}, with a pooled {@code Mac}: the string is all it allocates for an ASCII key. */
        String lookupOf(String key) {
            return macs.apply(Hmac::lookupOf, key);
        }

        private static Mac newMac(SecretKeySpec key) {
            try {
                Mac mac = Mac.getInstance(HMAC);
                mac.init(key);
                return mac;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("every Java runtime has " + HMAC, e);
            }
        }
    }

    /** One {@code Mac} and its buffers, used by one thread at a time. */
    private static final class Hmac {

        private static final char[] HEX_DIGITS = "0123456789abcdef".toCharArray();

        private final Mac mac;
        private final byte[] ascii = new byte[64];
        private final byte[] out = new byte[32];
        private final char[] lookup;
        private final int digitsAt;

        Hmac(String secretId, Mac mac) {
            this.mac = mac;
            this.lookup = new char[secretId.length() + 1 + 64];
            secretId.getChars(0, secretId.length(), lookup, 0);
            lookup[secretId.length()] = '$';
            this.digitsAt = secretId.length() + 1;
        }

        String lookupOf(String key) {
            int n = key.length();
            boolean ascii = n <= this.ascii.length;
            for (int i = 0; ascii && i < n; i++) {
                char c = key.charAt(i);
                ascii = c < 0x80;
                this.ascii[i] = (byte) c;
            }
            if (ascii) {
                mac.update(this.ascii, 0, n);
                java.util.Arrays.fill(this.ascii, 0, n, (byte) 0); // no key bytes left behind
            } else {
                mac.update(key.getBytes(StandardCharsets.UTF_8));
            }
            try {
                mac.doFinal(out, 0);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(HMAC + " output is 32 bytes", e);
            }
            for (int i = 0; i < out.length; i++) {
                lookup[digitsAt + 2 * i] = HEX_DIGITS[(out[i] >> 4) & 0xF];
                lookup[digitsAt + 2 * i + 1] = HEX_DIGITS[out[i] & 0xF];
            }
            return new String(lookup);
        }
    }
}
