package org.tokenauth.core.hygiene;

import java.nio.ByteBuffer;
import net.bytebuddy.asm.Advice;

/**
 * Woven into Jetty's {@code HttpChannelState.ChannelResponse.write(boolean, ByteBuffer, Callback)}
 * and Tomcat's {@code org.apache.coyote.Response.doWrite(ByteBuffer)}: every byte of every body
 * either container sends passes there, error pages included.
 */
final class ResponseWriteAdvice {

    private ResponseWriteAdvice() {
    }

    @Advice.OnMethodEnter
    static void enter(@Advice.This Object response, @Advice.AllArguments Object[] arguments) {
        for (Object argument : arguments) {
            if (argument instanceof ByteBuffer content) {
                IssuedKeys.responseWrite(response, content);
            }
        }
    }
}
