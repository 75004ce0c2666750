package org.tokenauth.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built jars as a modular application uses them: on the module path, where the descriptors
 * export the API and hide {@code org.tokenauth.servlet.internal}. (The other tests run on the
 * class path, as most applications do.)
 */
class ModuleDescriptorIT {

    @TempDir
    Path dir;

    @Test
    void descriptorsExportTheApiOnly() {
        assertEquals(Set.of("org.tokenauth.servlet"), exports("org.tokenauth.servlet"));
        assertEquals(Set.of("org.tokenauth.core", "org.tokenauth.core.cache", "org.tokenauth.core.jdbc",
                        "org.tokenauth.core.jpa", "org.tokenauth.core.postgres", "org.tokenauth.core.redis"),
                exports("org.tokenauth.core"));
    }

    @Test
    void applicationModuleCompilesAndRunsOnTheModulePath() throws Exception {
        Path sources = module("app", """
                package app;

                import java.util.Optional;
                import org.tokenauth.core.InMemoryTokenStore;
                import org.tokenauth.core.TokenService;
                import org.tokenauth.servlet.TokenAuthenticationFilter;

                public class Main {
                    public static void main(String[] args) {
                        TokenService tokens = new TokenService(new InMemoryTokenStore());
                        String key = tokens.issueFor("1").key();
                        TokenAuthenticationFilter filter =
                                TokenAuthenticationFilter.builder(tokens, id -> Optional.empty()).build();
                        System.out.println(filter.getClass().getModule().getName() + " " + key.length());
                    }
                }
                """);
        Path classes = dir.resolve("out");
        String errors = compile(sources, classes);
        assertEquals("", errors);

        Process run = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--module-path", classes + File.pathSeparator + modulePath(), "--module", "app/app.Main")
                .redirectErrorStream(true).start();
        String output = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(run.waitFor(60, TimeUnit.SECONDS), "the application ended");
        assertEquals(0, run.exitValue(), output);
        assertEquals("org.tokenauth.servlet 40", output.strip());
    }

    @Test
    void internalPackageIsNotVisible() throws IOException {
        Path sources = module("peek", """
                package peek;

                public class Peek {
                    Object bodies = new org.tokenauth.servlet.internal.RequestBodies(null, 1);
                }
                """);

        String errors = compile(sources, dir.resolve("peek-out"));

        assertTrue(errors.contains("package org.tokenauth.servlet.internal is declared in module "
                + "org.tokenauth.servlet, which does not export it"), errors);
    }

    private Path module(String name, String source) throws IOException {
        Path root = dir.resolve(name);
        String className = source.lines().filter(line -> line.startsWith("public class "))
                .findFirst().orElseThrow().split(" ")[2];
        Path file = root.resolve(name).resolve(className + ".java");
        Files.createDirectories(file.getParent());
        Files.writeString(file, source);
        Files.writeString(root.resolve("module-info.java"), "module " + name + " { requires org.tokenauth.servlet; }\n");
        return root;
    }

    /** @return javac's error output, empty when it compiled */
    private String compile(Path sources, Path classes) throws IOException {
        // An empty class path: javac run in this JVM would otherwise take this test's class path, where
        // test-classes hold classes of org.tokenauth.servlet.internal in the unnamed module, and could
        // report that package as "declared in the unnamed module" instead of not exported.
        Path noClassPath = Files.createDirectories(dir.resolve("no-class-path"));
        List<String> args = new ArrayList<>(List.of("-d", classes.toString(), "--module-path", modulePath(),
                "--class-path", noClassPath.toString()));
        try (Stream<Path> files = Files.walk(sources)) {
            files.filter(f -> f.toString().endsWith(".java")).forEach(f -> args.add(f.toString()));
        }
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        try (PrintWriter err = new PrintWriter(errors, true, StandardCharsets.UTF_8)) {
            int status = javac(args, err);
            err.flush();
            return status == 0 ? "" : errors.toString(StandardCharsets.UTF_8);
        }
    }

    private static int javac(List<String> args, PrintWriter err) {
        return java.util.spi.ToolProvider.findFirst("javac").orElseThrow()
                .run(new PrintWriter(Writer.nullWriter()), err, args.toArray(String[]::new));
    }

    /** The built servlet jar and the jars it needs, taken from this test's class path. */
    private static String modulePath() {
        Stream<String> needed = Stream.of(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> {
                    String file = Path.of(entry).getFileName().toString();
                    return file.endsWith(".jar") && !file.endsWith("-tests.jar")
                            && (file.startsWith("token-auth-core-") || file.startsWith("jakarta.servlet-api-")
                            || file.startsWith("jackson-"));
                });
        return Stream.concat(Stream.of(System.getProperty("tokenauth.test.servlet.jar")), needed)
                .collect(Collectors.joining(File.pathSeparator));
    }

    private static Set<String> exports(String module) {
        Path[] jars = Stream.of(modulePath().split(File.pathSeparator)).map(Path::of).toArray(Path[]::new);
        ModuleDescriptor descriptor = ModuleFinder.of(jars).find(module).orElseThrow().descriptor();
        assertTrue(!descriptor.isAutomatic(), module + " has a descriptor");
        return descriptor.exports().stream().map(ModuleDescriptor.Exports::source).collect(Collectors.toSet());
    }
}
