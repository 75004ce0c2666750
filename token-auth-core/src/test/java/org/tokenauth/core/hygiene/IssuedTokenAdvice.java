package org.tokenauth.core.hygiene;

import net.bytebuddy.asm.Advice;

/** Woven into {@code IssuedToken}'s constructor: records the key every issued token carries. */
final class IssuedTokenAdvice {

    private IssuedTokenAdvice() {
    }

    @Advice.OnMethodExit
    static void exit(@Advice.Argument(0) String key) {
        IssuedKeys.issued(key);
    }
}
