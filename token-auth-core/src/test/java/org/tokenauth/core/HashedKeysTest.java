package org.tokenauth.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.CRC32;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class HashedKeysTest {

    @Test
    void crc32WhenComputedThenSameAsTheJdks() {
        KeyMode keys = KeyMode.hashed(ServerSecret.of("k1", new byte[32]));
        for (int i = 0; i < 10_000; i++) {
            String key = keys.newKey();
            CRC32 jdk = new CRC32();
            jdk.update(key.substring(4, 34).getBytes(StandardCharsets.US_ASCII));
            assertEquals(jdk.getValue(), HashedKeys.crc32(key, 4), key);
        }
        CRC32 known = new CRC32();
        known.update("123456789012345678901234567890".getBytes(StandardCharsets.US_ASCII));
        assertEquals(known.getValue(), HashedKeys.crc32("123456789012345678901234567890", 0));
    }

    @Test
    void lookupWhenPooledMacsThenSameAsAFreshHmac() throws Exception {
        byte[] secret = "a server secret of at least 32 bytes!".getBytes(StandardCharsets.US_ASCII);
        HashedKeys keys = (HashedKeys) KeyMode.hashed(ServerSecret.of("s1", secret));
        for (String key : List.of(keys.newKey(), "", "x", "é€ non-ASCII \uD83D\uDE00", "k".repeat(64), "k".repeat(65),
                "\u0080".repeat(70))) {
            assertEquals("s1$" + reference(secret, key), keys.lookupOf(key), key);
        }
        // Eight threads share the pool's 32 Macs: no call may see another's state.
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> done = new java.util.ArrayList<>();
            for (int t = 0; t < 8; t++) {
                done.add(threads.submit(() -> {
                    for (int i = 0; i < 2_000; i++) {
                        String key = keys.newKey();
                        assertEquals("s1$" + reference(secret, key), keys.lookupOf(key));
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            threads.shutdownNow();
        }
    }

    private static String reference(byte[] secret, String key) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret, "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(key.getBytes(StandardCharsets.UTF_8)));
    }
}
