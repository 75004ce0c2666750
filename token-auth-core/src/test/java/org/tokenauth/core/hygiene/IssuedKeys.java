package org.tokenauth.core.hygiene;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Every key issued in this test JVM, and every place one of them turned up where no key may be:
 * a log record, the standard error stream, an exception's message, an error page (an HTTP answer
 * of status 400 or more). Filled by {@link KeyLeakGuard}'s hooks; read by it at the end of the run.
 *
 * <p>Test-only state, for the whole JVM on purpose: keys are issued and leaked by whatever code a
 * test runs, on any thread.
 */
public final class IssuedKeys {

    /** A place a key turned up: what kind of place, the test then running, and a fingerprint of the key. */
    public record Leak(String key, String where, String test) {
        @Override
        public String toString() {
            return where + " during " + test + ": a key issued in this run (" + key.substring(0, Math.min(8, key.length())) + "…)";
        }
    }

    private static final Set<String> KEYS = ConcurrentHashMap.newKeySet();
    private static final Set<Integer> LENGTHS = new ConcurrentSkipListSet<>();
    private static final java.util.concurrent.atomic.AtomicLong ISSUED = new java.util.concurrent.atomic.AtomicLong();
    private static final List<Leak> LEAKS = new CopyOnWriteArrayList<>();
    private static final ConcurrentHashMap<Class<?>, Method> STATUS = new ConcurrentHashMap<>();
    private static volatile String currentTest = "(no test)";

    private IssuedKeys() {
    }

    /** Called (by the advice woven into {@code IssuedToken}'s constructor) with each key handed out. */
    public static void issued(String key) {
        if (key != null && key.length() >= 16) {
            if (KEYS.add(key)) {
                ISSUED.incrementAndGet();
            }
            LENGTHS.add(key.length());
        }
    }

    /** {@return whether {@code key} was issued in this run} */
    public static boolean contains(String key) {
        return KEYS.contains(key);
    }

    /** Forgets a key and its leaks: for a test that leaks one on purpose to prove the guard works. */
    public static void forget(String key) {
        KEYS.remove(key);
        LEAKS.removeIf(leak -> leak.key().equals(key));
    }

    /** {@return how many distinct keys were issued in this run} */
    public static long issuedCount() {
        return ISSUED.get();
    }

    /** {@return the leaks so far} */
    public static List<Leak> leaks() {
        return List.copyOf(LEAKS);
    }

    static void testStarted(String name) {
        currentTest = name;
    }

    /** Records a leak for each issued key in {@code text}. */
    public static void check(CharSequence text, String where) {
        if (text == null || KEYS.isEmpty()) {
            return;
        }
        for (String key : keysIn(text)) {
            LEAKS.add(new Leak(key, where, currentTest));
        }
    }

    /** Checks an exception's messages and its causes' and suppressed ones'. */
    public static void check(Throwable thrown, String where) {
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            check(String.valueOf(t), where);
            for (Throwable suppressed : t.getSuppressed()) {
                check(suppressed, where);
            }
            if (t.getCause() == t) {
                break;
            }
        }
    }

    /** Called (by the advice woven into the containers' response writers) with each chunk of a body. */
    public static void responseWrite(Object response, ByteBuffer content) {
        if (content == null || !content.hasRemaining() || KEYS.isEmpty() || status(response) < 400) {
            return;
        }
        check(StandardCharsets.ISO_8859_1.decode(content.duplicate()), "an error page (" + status(response) + ")");
    }

    private static int status(Object response) {
        try {
            Method getStatus = STATUS.computeIfAbsent(response.getClass(), IssuedKeys::publicGetStatus);
            return getStatus == null ? 0 : (int) getStatus.invoke(response);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return 0;
        }
    }

    private static Method publicGetStatus(Class<?> type) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            if (Modifier.isPublic(c.getModifiers())) {
                try {
                    return c.getMethod("getStatus");
                } catch (NoSuchMethodException e) {
                    return null;
                }
            }
            for (Class<?> i : c.getInterfaces()) {
                if (Modifier.isPublic(i.getModifiers())) {
                    try {
                        return i.getMethod("getStatus");
                    } catch (NoSuchMethodException e) {
                        // another interface may have it
                    }
                }
            }
        }
        return null;
    }

    /** The issued keys in {@code text}: each run of key characters ({@code [0-9A-Za-z_-]}) is looked at in windows of each key length. */
    static List<String> keysIn(CharSequence text) {
        List<String> found = new ArrayList<>();
        int i = 0;
        int n = text.length();
        while (i < n) {
            while (i < n && !isKeyChar(text.charAt(i))) {
                i++;
            }
            int start = i;
            while (i < n && isKeyChar(text.charAt(i))) {
                i++;
            }
            for (int length : LENGTHS) {
                for (int from = start; from + length <= i; from++) {
                    String candidate = text.subSequence(from, from + length).toString();
                    if (KEYS.contains(candidate)) {
                        found.add(candidate);
                    }
                }
            }
        }
        return found;
    }

    private static boolean isKeyChar(char c) {
        return c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c == '_' || c == '-';
    }
}
