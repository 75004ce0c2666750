package org.tokenauth.core.hygiene;

import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.instrument.Instrumentation;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import net.bytebuddy.agent.ByteBuddyAgent;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;

/**
 * Log hygiene, enforced for a whole test run: no key issued during the run may appear in a log
 * record, on the standard error stream (where slf4j-simple, the JDK's console handler and stack
 * traces write), in the exception of a failed test, or in an error page of Jetty or Tomcat in this
 * JVM. Registered for the JUnit Platform in each module's
 * {@code META-INF/services/org.junit.platform.launcher.LauncherSessionListener} and
 * {@code …TestExecutionListener}; if any key leaked, the run fails at its end, naming each place
 * and the test that was running (with a fingerprint of the key, never the key).
 *
 * <p>Issued keys are caught where they are made: a Byte Buddy advice woven into
 * {@code IssuedToken}'s constructor, the one value every issued key passes through (both key modes,
 * every store, the obtain servlet, the user-created hook), so nothing in the library's main code
 * knows about it. It also sees the candidate key DRF mode makes before the store returns a user's
 * existing one: guarding a key that never left the process costs nothing. The agent comes from {@code -javaagent:byte-buddy-agent.jar} on surefire's
 * command line, else (an IDE) from self-attaching.
 *
 * <p>Standard output is not checked: it is where a command-line tool prints a key it was asked
 * for.
 */
public final class KeyLeakGuard implements LauncherSessionListener, TestExecutionListener {

    private static boolean installed;

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        install();
    }

    /** Installs the hooks, once per JVM. */
    static synchronized void install() {
        if (installed) {
            return;
        }
        installed = true;
        Instrumentation instrumentation = ByteBuddyAgent.install();
        new AgentBuilder.Default()
                .disableClassFormatChanges()
                .with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION)
                .with(AgentBuilder.TypeStrategy.Default.DECORATE)
                .type(named("org.tokenauth.core.IssuedToken"))
                .transform((builder, type, loader, module, domain) -> builder.visit(Advice.to(IssuedTokenAdvice.class)
                        .on(isConstructor().and(takesArguments(2)).and(takesArgument(0, String.class)))))
                .type(named("org.eclipse.jetty.server.internal.HttpChannelState$ChannelResponse"))
                .transform((builder, type, loader, module, domain) -> builder.visit(Advice.to(ResponseWriteAdvice.class)
                        .on(named("write").and(takesArguments(3)).and(takesArgument(1, ByteBuffer.class)))))
                .type(named("org.apache.coyote.Response"))
                .transform((builder, type, loader, module, domain) -> builder.visit(Advice.to(ResponseWriteAdvice.class)
                        .on(named("doWrite").and(takesArguments(1)).and(takesArgument(0, ByteBuffer.class)))))
                .installOn(instrumentation);
        Logger root = LogManager.getLogManager().getLogger("");
        root.addHandler(new RecordCheck());
        System.setErr(new PrintStream(new LineCheck(System.err, "standard error"), true, Charset.defaultCharset()));
    }

    @Override
    public void executionStarted(TestIdentifier test) {
        if (test.isTest()) {
            IssuedKeys.testStarted(test.getDisplayName() + " [" + test.getUniqueId() + "]");
        }
    }

    @Override
    public void executionFinished(TestIdentifier test, TestExecutionResult result) {
        result.getThrowable().ifPresent(thrown -> IssuedKeys.check(thrown, "the exception of a failed test"));
    }

    @Override
    public void launcherSessionClosed(LauncherSession session) {
        List<IssuedKeys.Leak> leaks = IssuedKeys.leaks();
        if (!leaks.isEmpty()) {
            StringBuilder message = new StringBuilder("Log hygiene: ").append(leaks.size()).append(" place(s) showed a key:");
            leaks.stream().limit(50).forEach(leak -> message.append("\n  ").append(leak));
            throw new AssertionError(message);
        }
        System.out.printf("Log hygiene: %,d keys made in this run, none seen in a log record, on standard error,"
                + " in a failed test's exception or in an error page%n", IssuedKeys.issuedCount());
    }

    /** Every java.util.logging record (System.Logger's default): message, parameters and exception. */
    private static final class RecordCheck extends Handler {
        @Override
        public void publish(LogRecord record) {
            String where = "a log record of " + record.getLoggerName();
            IssuedKeys.check(record.getMessage(), where);
            if (record.getParameters() != null) {
                for (Object parameter : record.getParameters()) {
                    IssuedKeys.check(String.valueOf(parameter), where);
                }
            }
            if (record.getThrown() != null) {
                IssuedKeys.check(record.getThrown(), where);
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }

    /** Passes everything through, and checks each line. */
    private static final class LineCheck extends OutputStream {
        private final PrintStream out;
        private final String where;
        private final StringBuilder line = new StringBuilder();

        LineCheck(PrintStream out, String where) {
            this.out = out;
            this.where = where;
        }

        @Override
        public synchronized void write(int b) {
            out.write(b);
            append(b);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            out.write(b, off, len);
            for (int i = off; i < off + len; i++) {
                append(b[i]);
            }
        }

        private void append(int b) {
            if (b == '\n' || line.length() > 64 * 1024) {
                IssuedKeys.check(line, where);
                line.setLength(0);
            } else {
                line.append((char) (b & 0xFF));
            }
        }

        @Override
        public synchronized void flush() {
            out.flush();
        }
    }
}
