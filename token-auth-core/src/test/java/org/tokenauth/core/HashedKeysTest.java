package org.tokenauth.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
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
}
