package org.tokenauth.example;

import org.junit.jupiter.api.DisplayName;

@DisplayName("polls API on H2, hashed mode (--hashed-tokens)")
class PollsApiH2HashedTest extends PollsApiH2Test {

    @Override
    boolean hashedTokens() {
        return true;
    }
}
