package org.tokenauth.example;

import org.junit.jupiter.api.DisplayName;

/** The same walkthrough with the example in hashed mode ({@code --hashed-tokens}): {@code tka_} keys, stored as digests. */
@DisplayName("the polls page in a real browser, hashed mode")
class PollsPageHashedBrowserTest extends PollsPageBrowserTest {

    @Override
    boolean hashedTokens() {
        return true;
    }
}
