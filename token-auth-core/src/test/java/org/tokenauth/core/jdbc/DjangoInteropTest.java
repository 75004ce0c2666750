package org.tokenauth.core.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.tokenauth.core.Authentication;
import org.tokenauth.core.ExternalTestDatabase;
import org.tokenauth.core.IssuedToken;
import org.tokenauth.core.TokenAuthenticator;
import org.tokenauth.core.TokenService;

/**
 * DRF mode against real Django, not a look-alike: Debian's Django and Django REST Framework build
 * {@code auth_user} and {@code authtoken_token} in a PostgreSQL schema with Django's own
 * {@code manage.py migrate}, and create users (with Django's password hashes) and tokens with
 * Django. Then the library, on that schema, authenticates those tokens, verifies those passwords,
 * and issues a token that DRF's own {@code TokenAuthentication} accepts.
 *
 * <p>Needs PostgreSQL ({@code TOKENAUTH_TEST_POSTGRES_URL}) and {@code /usr/bin/python3} with
 * {@code django}, {@code rest_framework} and {@code psycopg2} ({@code apt-get install
 * python3-django python3-djangorestframework python3-psycopg2}); skipped without them, unless
 * {@code TOKENAUTH_TEST_DJANGO_REQUIRED=true} (CI), which makes their absence a failure.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("DRF mode against Django 3.2 and DRF 3.14 on PostgreSQL")
class DjangoInteropTest {

    private static final Path PYTHON = Path.of("/usr/bin/python3");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Static: a per-class instance's fields are not yet injected when {@code @BeforeAll} runs. */
    @TempDir
    static Path project;

    private String schema;
    private HikariDataSource pool;
    private JsonNode seeded;

    @BeforeAll
    void buildDjangoDatabase() throws Exception {
        requireDjango();
        String url = ExternalTestDatabase.POSTGRES.url();
        schema = ExternalTestDatabase.POSTGRES.createSchema("tokenauth_django");
        pool = ExternalTestDatabase.POSTGRES.dataSource(schema);
        writeProject(url);
        python("migrate");
        seeded = JSON.readTree(python("seed"));
    }

    @AfterAll
    void dropDjangoDatabase() throws Exception {
        if (pool != null) {
            pool.close();
        }
        if (schema != null) {
            ExternalTestDatabase.POSTGRES.dropSchema(schema);
        }
    }

    private static void requireDjango() throws Exception {
        String missing = null;
        if (!Files.isExecutable(PYTHON)) {
            missing = PYTHON + " is missing";
        } else {
            Process check = new ProcessBuilder(PYTHON.toString(), "-c", "import django, rest_framework, psycopg2")
                    .redirectErrorStream(true).start();
            if (!check.waitFor(60, TimeUnit.SECONDS) || check.exitValue() != 0) {
                missing = "Django, DRF or psycopg2 is missing for " + PYTHON;
            }
        }
        if (missing != null) {
            String message = missing + " (apt-get install python3-django python3-djangorestframework python3-psycopg2)";
            if ("true".equalsIgnoreCase(System.getenv("TOKENAUTH_TEST_DJANGO_REQUIRED"))) {
                fail(message + "; TOKENAUTH_TEST_DJANGO_REQUIRED=true forbids skipping");
            }
            Assumptions.abort(message);
        }
    }

    /** A Django project of two files: settings on the test's schema, and the commands the test runs. */
    private void writeProject(String jdbcUrl) throws IOException {
        URI db = URI.create(jdbcUrl.substring("jdbc:".length()));
        String user = db.getQuery() == null ? "postgres" : db.getQuery().replaceAll(".*\\buser=([^&]+).*", "$1");
        Files.writeString(project.resolve("settings.py"), String.join("\n",
                "SECRET_KEY = 'tokenauth-interop-test-only'",
                "USE_TZ = True",
                "DEFAULT_AUTO_FIELD = 'django.db.models.AutoField'",
                "INSTALLED_APPS = ['django.contrib.auth', 'django.contrib.contenttypes', 'rest_framework', 'rest_framework.authtoken']",
                "DATABASES = {'default': {'ENGINE': 'django.db.backends.postgresql',",
                "    'NAME': '" + db.getPath().substring(1) + "', 'USER': '" + user + "',",
                "    'HOST': '" + db.getHost() + "', 'PORT': '" + (db.getPort() < 0 ? 5432 : db.getPort()) + "',",
                "    'OPTIONS': {'options': '-c search_path=" + schema + "'}}}",
                ""), StandardCharsets.UTF_8);
        Files.writeString(project.resolve("interop.py"), String.join("\n",
                "import json, sys",
                "import django",
                "django.setup()",
                "from django.core.management import call_command",
                "from django.contrib.auth.models import User",
                "from rest_framework.authtoken.models import Token",
                "from rest_framework.authentication import TokenAuthentication",
                "command = sys.argv[1]",
                "if command == 'migrate':",
                "    call_command('migrate', verbosity=0)",
                "elif command == 'seed':",
                "    seeded = {}",
                "    for name, password, active, token in [('alice', 'alice pass 1', True, True),",
                "                                          ('bob', 'bob pass 2', False, True),",
                "                                          ('carol', 'carol pass 3', True, False)]:",
                "        user = User.objects.create_user(name, password=password, is_active=active)",
                "        seeded[name] = {'id': user.id, 'hash': user.password}",
                "        if token:",
                "            seeded[name]['key'] = Token.objects.create(user=user).key",
                "    print(json.dumps(seeded))",
                "elif command == 'authenticate':",
                "    user, token = TokenAuthentication().authenticate_credentials(sys.stdin.readline().strip())",
                "    print(user.username)",
                ""), StandardCharsets.UTF_8);
    }

    /** Runs a command of {@code interop.py} with Django set up, and returns what it printed. */
    private String python(String command, String... stdin) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(PYTHON.toString(), "interop.py", command).directory(project.toFile());
        Map<String, String> env = builder.environment();
        env.put("DJANGO_SETTINGS_MODULE", "settings");
        env.put("PYTHONPATH", project.toString());
        env.remove("PYTHONHOME"); // Debian's python3, not another interpreter's
        Process process = builder.start();
        process.getOutputStream().write(String.join("\n", stdin).getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().close();
        List<String> errors = new ArrayList<>();
        Thread drain = new Thread(() -> {
            try {
                errors.add(new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                errors.add(e.toString());
            }
        });
        drain.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "Django's " + command + " did not finish");
        drain.join();
        assertEquals(0, process.exitValue(), () -> "Django's " + command + " failed:\n" + errors);
        return out.strip();
    }

    private String id(String name) {
        return seeded.get(name).get("id").asText();
    }

    @Test
    @DisplayName("a token Django created authenticates; an inactive user's is refused as DRF refuses it")
    void authenticateWhenDjangoMadeTheTokenThenAccepted() {
        TokenAuthenticator authenticator = new TokenAuthenticator(new TokenService(new JdbcTokenStore(pool)),
                new DjangoUsers(pool), "Token");

        Authentication alice = authenticator.authenticate("Token " + seeded.get("alice").get("key").asText());
        Authentication bob = authenticator.authenticate("Token " + seeded.get("bob").get("key").asText());

        assertInstanceOf(Authentication.Authenticated.class, alice);
        assertEquals("alice", ((Authentication.Authenticated) alice).user().username());
        assertEquals(id("alice"), ((Authentication.Authenticated) alice).user().id());
        assertEquals(new Authentication.Rejected(Authentication.Failure.USER_INACTIVE), bob);
    }

    @Test
    @DisplayName("passwords Django hashed verify; a wrong one, another case of the name and an unknown user do not")
    void verifyWhenDjangoHashedThePasswordThenChecked() {
        DjangoUsers users = new DjangoUsers(pool);

        assertTrue(seeded.get("alice").get("hash").asText().startsWith("pbkdf2_sha256$260000$"), "Django 3.2's own hash");
        assertEquals("alice", users.verify("alice", "alice pass 1").orElseThrow().username());
        assertTrue(users.verify("alice", "alice pass 2").isEmpty());
        assertTrue(users.verify("Alice", "alice pass 1").isEmpty());
        assertTrue(users.verify("nobody", "alice pass 1").isEmpty());
        assertEquals(false, users.verify("bob", "bob pass 2").orElseThrow().active(), "found, and inactive");
    }

    @Test
    @DisplayName("getting a user's token is Django's get_or_create: the key Django made")
    void issueForWhenDjangoMadeTheTokenThenTheSameKey() {
        IssuedToken issued = new TokenService(new JdbcTokenStore(pool)).issueFor(id("alice"));

        assertEquals(seeded.get("alice").get("key").asText(), issued.key());
    }

    @Test
    @DisplayName("a token the library issues is accepted by DRF's own TokenAuthentication")
    void issueForWhenLibraryIssuesThenDrfAccepts() throws Exception {
        IssuedToken issued = new TokenService(new JdbcTokenStore(pool)).issueFor(id("carol"));

        assertTrue(issued.key().matches("[0-9a-f]{40}"), issued.key());
        assertEquals("carol", python("authenticate", issued.key()));
    }
}
