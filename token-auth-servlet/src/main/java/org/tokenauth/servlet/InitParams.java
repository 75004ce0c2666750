package org.tokenauth.servlet;

import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Reads the init-params of a filter or servlet declared in {@code web.xml}: every parameter in one
 * place, every problem collected, then one {@link ServletException} naming each bad parameter.
 */
final class InitParams {

    private final String owner;
    private final Function<String, String> values;
    private final List<String> problems = new ArrayList<>();

    /**
     * @param owner  what is being configured, for the message, e.g. {@code filter 'tokenAuth'}
     * @param names  the init-param names present
     * @param values reads an init-param's value
     * @param known  the init-param names this owner understands
     */
    InitParams(String owner, Enumeration<String> names, Function<String, String> values, Set<String> known) {
        this.owner = owner;
        this.values = values;
        for (String name : Collections.list(names)) {
            if (!known.contains(name)) {
                problems.add("unknown init-param '" + name + "' (known: " + String.join(", ", new TreeSet<>(known)) + ")");
            }
        }
    }

    /** @return the trimmed value, or {@code null} if absent or blank */
    String get(String name) {
        String value = values.apply(name);
        if (value == null || value.isBlank()) {
            return null;
        }
        return value.strip();
    }

    void problem(String name, String message) {
        problems.add("init-param '" + name + "' " + message);
    }

    boolean bool(String name, boolean defaultValue) {
        String value = get(name);
        if (value == null) {
            return defaultValue;
        }
        if (value.equalsIgnoreCase("true")) {
            return true;
        }
        if (value.equalsIgnoreCase("false")) {
            return false;
        }
        problem(name, "must be true or false, but was '" + value + "'");
        return defaultValue;
    }

    int positiveInt(String name, int defaultValue) {
        return positiveInt(name, defaultValue, "bytes");
    }

    /** Reads a positive whole number of {@code unit}s, or the default; a bad value is a problem. */
    int positiveInt(String name, int defaultValue, String unit) {
        String value = get(name);
        if (value == null) {
            return defaultValue;
        }
        try {
            int parsed = Integer.parseInt(value);
            if (parsed > 0) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        problem(name, "must be a positive whole number of " + unit + " (at most " + Integer.MAX_VALUE + "), but was '" + value + "'");
        return defaultValue;
    }

    /**
     * Reads a duration: {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h}, or ISO-8601
     * ({@code PT30S}).
     *
     * @return the duration, {@code null} if absent, or {@code null} after recording a problem
     */
    java.time.Duration duration(String name) {
        String value = get(name);
        if (value == null) {
            return null;
        }
        java.util.regex.Matcher unit = DURATION.matcher(value);
        try {
            if (unit.matches()) {
                long amount = Long.parseLong(unit.group(1));
                return switch (unit.group(2)) {
                    case "ms" -> java.time.Duration.ofMillis(amount);
                    case "s" -> java.time.Duration.ofSeconds(amount);
                    case "m" -> java.time.Duration.ofMinutes(amount);
                    default -> java.time.Duration.ofHours(amount);
                };
            }
            return java.time.Duration.parse(value);
        } catch (java.time.format.DateTimeParseException | ArithmeticException e) {
            problem(name, "must be a duration such as 500ms, 30s, 5m, 1h or PT30S, but was '" + value + "'");
            return null;
        }
    }

    private static final java.util.regex.Pattern DURATION = java.util.regex.Pattern.compile("(\\d{1,12})\\s*(ms|s|m|h)");

    /**
     * Reads a whole number.
     *
     * @return the number, {@code null} if absent, or {@code null} after recording a problem
     */
    Long count(String name) {
        String value = get(name);
        if (value == null) {
            return null;
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            problem(name, "must be a whole number, but was '" + value + "'");
            return null;
        }
    }

    /**
     * Reads a value through {@code parser}, or the default; a value the parser rejects with an
     * {@link IllegalArgumentException} is a problem, told in the exception's message.
     */
    <T> T parsed(String name, T defaultValue, Function<String, T> parser) {
        String value = get(name);
        if (value == null) {
            return defaultValue;
        }
        try {
            return parser.apply(value);
        } catch (IllegalArgumentException e) {
            problem(name, e.getMessage());
            return defaultValue;
        }
    }

    /**
     * Finds a collaborator: an instance of the class named by init-param {@code classParam} (public
     * no-arg constructor) if present, else the {@link ServletContext} attribute {@code attribute}.
     *
     * @return the collaborator, or {@code null} after recording a problem
     */
    <T> T collaborator(Class<T> type, String classParam, ServletContext context, String attribute) {
        String className = get(classParam);
        if (className != null) {
            return instantiate(type, classParam, className);
        }
        Object value = context.getAttribute(attribute);
        if (value == null) {
            problems.add("no " + type.getSimpleName() + ": set the ServletContext attribute '" + attribute
                    + "' (TokenAuthContext.register, from a ServletContextListener) or the init-param '"
                    + classParam + "'");
            return null;
        }
        if (!type.isInstance(value)) {
            problems.add("the ServletContext attribute '" + attribute + "' holds a " + value.getClass().getName()
                    + ", not a " + type.getName());
            return null;
        }
        return type.cast(value);
    }

    private <T> T instantiate(Class<T> type, String param, String className) {
        Class<?> found;
        try {
            found = Class.forName(className, false, classLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            problem(param, "names class '" + className + "', which cannot be loaded (" + e + ")");
            return null;
        }
        if (!type.isAssignableFrom(found)) {
            problem(param, "names class '" + className + "', which does not implement " + type.getName());
            return null;
        }
        Constructor<?> constructor;
        try {
            constructor = found.getConstructor();
        } catch (NoSuchMethodException e) {
            problem(param, "names class '" + className + "', which has no public no-arg constructor");
            return null;
        }
        if (Modifier.isAbstract(found.getModifiers()) || !Modifier.isPublic(found.getModifiers())) {
            problem(param, "names class '" + className + "', which is not a public concrete class");
            return null;
        }
        try {
            return type.cast(constructor.newInstance());
        } catch (InvocationTargetException e) {
            problem(param, "names class '" + className + "', whose constructor failed: " + e.getCause());
        } catch (ReflectiveOperationException e) {
            problem(param, "names class '" + className + "', which cannot be instantiated: " + e);
        }
        return null;
    }

    private static ClassLoader classLoader() {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        return context != null ? context : InitParams.class.getClassLoader();
    }

    /** @throws ServletException naming every problem found, if any */
    void throwIfInvalid() throws ServletException {
        if (!problems.isEmpty()) {
            throw new ServletException(owner + " is misconfigured: " + String.join("; ", problems));
        }
    }
}
