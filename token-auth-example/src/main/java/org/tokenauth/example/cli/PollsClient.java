package org.tokenauth.example.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * A command-line client of the polls API, on {@code java.net.http} alone: logs in once, keeps the
 * token in a file only its user can read, and sends it on every later call.
 *
 * <pre>
 * java -jar token-auth-example.jar client login [--server URL] [--username NAME] [--password-stdin]
 * java -jar token-auth-example.jar client list
 * java -jar token-auth-example.jar client vote QUESTION_ID CHOICE_ID
 * java -jar token-auth-example.jar client logout       revokes the token on the server, then forgets it
 * java -jar token-auth-example.jar client deactivate|activate USERNAME   (staff only)
 * </pre>
 *
 * {@code --server URL} (or {@code --server=URL}) may stand before or after the command.
 * The token lives in {@code ~/.tokenauth-example/credentials.json}, permissions {@code 0600} in a
 * {@code 0700} directory, with the server it belongs to. {@code login} talks to {@code --server}, else
 * {@code TOKENAUTH_EXAMPLE_URL}, else {@code http://127.0.0.1:8000/}. Every other command sends the token
 * to the server it was saved with, and only there: if {@code --server} or {@code TOKENAUTH_EXAMPLE_URL}
 * names another, the command is refused (exit 1) before anything is sent.
 *
 * <p>Exit codes: 0 done; 1 the server refused or could not be reached; 2 bad usage.
 *
 * @since 0.1
 */
public final class PollsClient {

    /** Where the client talks to when nothing else is said. */
    public static final String DEFAULT_SERVER = "http://127.0.0.1:8000/";

    /** How the client is run, as its messages name it. */
    static final String COMMAND = "java -jar token-auth-example.jar client";

    private static final String USAGE = String.join("\n",
            "usage: " + COMMAND + " COMMAND [--server URL]",
            "  login [--username NAME] [--password-stdin]  log in and keep the token",
            "  list                                        list the questions, their choices and votes",
            "  vote QUESTION_ID CHOICE_ID                  vote for a choice",
            "  logout                                      revoke the token on the server and forget it",
            "  deactivate USERNAME | activate USERNAME     (staff) stop or allow a user's logins and token",
            "--server URL (default: TOKENAUTH_EXAMPLE_URL, else " + DEFAULT_SERVER + ") may come before or after COMMAND.",
            "The token is kept in ~/.tokenauth-example/credentials.json (readable by you only).");

    private static final Set<PosixFilePermission> OWNER_ONLY_FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OWNER_ONLY_DIR = PosixFilePermissions.fromString("rwx------");
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm 'UTC'");

    private final Path credentialsFile;
    private final Function<String, String> env;
    private final HttpClient http;
    private final ObjectMapper json = new ObjectMapper();

    /**
     * @param home the user's home directory; the token is kept under it
     * @param env  environment variables, by name
     */
    public PollsClient(Path home, Function<String, String> env) {
        this.credentialsFile = home.resolve(".tokenauth-example").resolve("credentials.json");
        this.env = Objects.requireNonNull(env, "env");
        this.http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();
    }

    /**
     * Runs the client as a command.
     *
     * @param args the command line
     */
    public static void main(String[] args) {
        PollsClient client = new PollsClient(Path.of(System.getProperty("user.home")), System::getenv);
        BufferedReader stdin = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        System.exit(client.run(Arrays.asList(args), stdin, System.console(), System.out, System.err));
    }

    /** @return the file the token is kept in */
    public Path credentialsFile() {
        return credentialsFile;
    }

    /**
     * Runs one command.
     *
     * @param args    the command line
     * @param stdin   where a password given with {@code --password-stdin} (or typed without a console) is read
     * @param console the terminal to ask the password on without echo; {@code null} if there is none
     * @param out     where results go
     * @param err     where errors go
     * @return the exit code: 0 done, 1 refused or unreachable, 2 bad usage
     */
    public int run(List<String> args, BufferedReader stdin, Console console, PrintStream out, PrintStream err) {
        List<String> rest = new ArrayList<>();
        Optional<String> server = Optional.empty();
        try {
            for (Iterator<String> it = args.iterator(); it.hasNext();) {
                String arg = it.next();
                Optional<String> value = Optional.empty();
                if (arg.equals("--server")) {
                    if (!it.hasNext()) {
                        throw new UsageException("--server needs a URL");
                    }
                    value = Optional.of(it.next());
                } else if (arg.startsWith("--server=")) {
                    value = Optional.of(arg.substring("--server=".length()));
                } else {
                    rest.add(arg);
                }
                if (value.isPresent()) {
                    if (server.isPresent()) {
                        throw new UsageException("--server is given twice");
                    }
                    server = value;
                }
            }
        } catch (UsageException e) {
            return usage(err, e.getMessage());
        }
        if (rest.isEmpty() || rest.get(0).equals("--help") || rest.get(0).equals("help")) {
            (rest.isEmpty() ? err : out).println(USAGE);
            return rest.isEmpty() ? 2 : 0;
        }
        String command = rest.get(0);
        List<String> params = rest.subList(1, rest.size());
        try {
            return switch (command) {
                case "login" -> login(server, params, stdin, console, out, err);
                case "list" -> list(server, params, out, err);
                case "vote" -> vote(server, params, out, err);
                case "logout" -> logout(server, params, out, err);
                case "deactivate", "activate" -> setActive(server, command, params, out, err);
                default -> usage(err, "unknown command '" + command + "'");
            };
        } catch (UsageException e) {
            return usage(err, e.getMessage());
        } catch (WrongServerException e) {
            err.println(e.getMessage());
            return 1;
        } catch (UnreachableException e) {
            err.println(e.getMessage());
            return 1;
        } catch (IOException e) {
            err.println("Failed: " + reason(e));
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("Interrupted.");
            return 1;
        }
    }

    private int login(Optional<String> server, List<String> params, BufferedReader stdin, Console console,
            PrintStream out, PrintStream err) throws IOException, InterruptedException {
        Optional<String> username = Optional.empty();
        boolean passwordFromStdin = false;
        for (Iterator<String> it = params.iterator(); it.hasNext();) {
            String param = it.next();
            if (param.equals("--password-stdin")) {
                passwordFromStdin = true;
            } else if (param.equals("--username") && it.hasNext()) {
                username = Optional.of(it.next());
            } else if (param.startsWith("--username=")) {
                username = Optional.of(param.substring("--username=".length()));
            } else {
                throw new UsageException("login takes [--server URL] [--username NAME] [--password-stdin], not '" + param + "'");
            }
        }
        URI base = loginServer(server);
        if (username.isEmpty()) {
            username = Optional.ofNullable(console != null ? console.readLine("Username: ") : prompt(stdin, out, "Username: "));
        }
        String password;
        if (!passwordFromStdin && console != null) {
            char[] typed = console.readPassword("Password: ");
            password = typed == null ? null : new String(typed);
        } else {
            password = passwordFromStdin ? stdin.readLine() : prompt(stdin, out, "Password: ");
        }
        if (username.isEmpty() || password == null) {
            throw new UsageException("login needs a username and a password");
        }
        ObjectNode body = json.createObjectNode().put("username", username.get()).put("password", password);
        HttpResponse<String> response = send(HttpRequest.newBuilder(base.resolve("accounts/get_auth_token/"))
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body), StandardCharsets.UTF_8))
                .header("Content-Type", "application/json"));
        if (response.statusCode() != 200) {
            err.println("Login failed: " + messages(response));
            return 1;
        }
        String token = json.readTree(response.body()).path("token").asText();
        saveCredentials(new Credentials(base.toString(), username.get(), token));
        out.println("Logged in to " + base + " as " + username.get() + ". Token kept in " + credentialsFile + ".");
        return 0;
    }

    private int list(Optional<String> server, List<String> params, PrintStream out, PrintStream err)
            throws IOException, InterruptedException {
        if (!params.isEmpty()) {
            throw new UsageException("list takes no arguments");
        }
        Credentials credentials = requireCredentials(err);
        if (credentials == null) {
            return 1;
        }
        URI base = tokenServer(server, credentials);
        HttpResponse<String> response = send(authorized(base.resolve("polls/api/questions/"), credentials).GET());
        if (response.statusCode() != 200) {
            return refused(response, err);
        }
        JsonNode questions = json.readTree(response.body());
        if (questions.isEmpty()) {
            out.println("No questions yet.");
        }
        for (JsonNode question : questions) {
            String published = Instant.parse(question.path("pub_date").asText()).atOffset(ZoneOffset.UTC).format(WHEN);
            out.println("#" + question.path("id").asLong() + "  " + printable(question.path("question_text").asText())
                    + "  (" + published + ")");
            for (JsonNode choice : question.path("choices")) {
                int votes = choice.path("votes").asInt();
                out.printf("    [%d] %-32s %d vote%s%n", choice.path("id").asLong(), printable(choice.path("choice_text").asText()),
                        votes, votes == 1 ? "" : "s");
            }
        }
        return 0;
    }

    private int vote(Optional<String> server, List<String> params, PrintStream out, PrintStream err)
            throws IOException, InterruptedException {
        if (params.size() != 2 || !isId(params.get(0)) || !isId(params.get(1))) {
            throw new UsageException("vote takes a question id and a choice id, as 'list' shows them: vote 1 2");
        }
        Credentials credentials = requireCredentials(err);
        if (credentials == null) {
            return 1;
        }
        URI base = tokenServer(server, credentials);
        long choiceId = Long.parseLong(params.get(1));
        ObjectNode body = json.createObjectNode().put("choice", choiceId);
        HttpResponse<String> response = send(authorized(base.resolve("polls/api/questions/" + params.get(0) + "/vote/"),
                credentials)
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body), StandardCharsets.UTF_8))
                .header("Content-Type", "application/json"));
        if (response.statusCode() != 200) {
            return refused(response, err);
        }
        for (JsonNode choice : json.readTree(response.body()).path("choices")) {
            if (choice.path("id").asLong() == choiceId) {
                int votes = choice.path("votes").asInt();
                out.println("Voted for \"" + printable(choice.path("choice_text").asText()) + "\": now " + votes + " vote"
                        + (votes == 1 ? "" : "s") + ".");
            }
        }
        return 0;
    }

    private int logout(Optional<String> server, List<String> params, PrintStream out, PrintStream err)
            throws IOException, InterruptedException {
        if (!params.isEmpty()) {
            throw new UsageException("logout takes no arguments");
        }
        Optional<Credentials> credentials = loadCredentials();
        if (credentials.isEmpty()) {
            out.println("Not logged in.");
            return 0;
        }
        URI base = tokenServer(server, credentials.get());
        HttpResponse<String> response = send(authorized(base.resolve("accounts/logout/"), credentials.get())
                .POST(HttpRequest.BodyPublishers.noBody()));
        // 401: the token was already dead (revoked, or its user deactivated); forget it all the same.
        if (response.statusCode() != 204 && response.statusCode() != 401) {
            return refused(response, err);
        }
        Files.deleteIfExists(credentialsFile);
        out.println("Logged out: the token was revoked on the server and removed from " + credentialsFile + ".");
        return 0;
    }

    private int setActive(Optional<String> server, String command, List<String> params, PrintStream out, PrintStream err)
            throws IOException, InterruptedException {
        if (params.size() != 1 || params.get(0).isBlank() || params.get(0).contains("/")) {
            throw new UsageException(command + " takes one username");
        }
        Credentials credentials = requireCredentials(err);
        if (credentials == null) {
            return 1;
        }
        URI base = tokenServer(server, credentials);
        URI uri = base.resolve("admin/users/" + encodePathSegment(params.get(0)) + "/" + command + "/");
        HttpResponse<String> response = send(authorized(uri, credentials).POST(HttpRequest.BodyPublishers.noBody()));
        if (response.statusCode() != 200) {
            return refused(response, err);
        }
        out.println("User " + params.get(0) + " is now " + (command.equals("activate") ? "active." : "inactive."));
        return 0;
    }

    private HttpResponse<String> send(HttpRequest.Builder builder) throws IOException, InterruptedException {
        HttpRequest request = builder.timeout(TIMEOUT).header("Accept", "application/json").build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (ConnectException | HttpConnectTimeoutException e) {
            URI uri = request.uri();
            throw new UnreachableException("Cannot reach the server at " + uri.getScheme() + "://" + uri.getRawAuthority()
                    + "/ (" + reason(e) + "). Is it running? Start it with: java -jar token-auth-example.jar");
        }
    }

    /**
     * Why a request failed, in words: {@code java.net.http} often throws exceptions without a message
     * ({@code ConnectException: null}), so the causes are looked through, and their kind named if none says more.
     */
    static String reason(IOException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof UnresolvedAddressException || t instanceof UnknownHostException) {
                return "unknown host";
            }
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                return printable(t.getMessage());
            }
        }
        if (e instanceof HttpConnectTimeoutException) {
            return "no answer to the connection within " + CONNECT_TIMEOUT.toSeconds() + " s";
        }
        return e instanceof ConnectException ? "connection refused" : e.getClass().getSimpleName();
    }

    /**
     * Text from the server, made safe to print on a terminal: C0 controls (ESC, BEL, CR, NUL…),
     * DEL and C1 controls (CSI U+009B…) are written as escapes ({@code \x1b}, {@code \u009b}), so
     * a question cannot clear the screen, retitle the window, or overwrite a line; so are the
     * bidirectional overrides and isolates (U+202A–U+202E, U+2066–U+2069), which reorder what is shown.
     */
    static String printable(String text) {
        StringBuilder safe = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean control = c < 0x20 || (c >= 0x7f && c <= 0x9f) || (c >= 0x202a && c <= 0x202e)
                    || (c >= 0x2066 && c <= 0x2069);
            if (control && safe == null) {
                safe = new StringBuilder(text.length() + 16).append(text, 0, i);
            }
            if (safe != null) {
                if (!control) {
                    safe.append(c);
                } else if (c == '\n') {
                    safe.append("\\n");
                } else if (c == '\r') {
                    safe.append("\\r");
                } else if (c == '\t') {
                    safe.append("\\t");
                } else if (c < 0x80) {
                    safe.append(String.format("\\x%02x", (int) c));
                } else {
                    safe.append(String.format("\\u%04x", (int) c));
                }
            }
        }
        return safe == null ? text : safe.toString();
    }

    /** The one place the token is put on a request. */
    private static HttpRequest.Builder authorized(URI uri, Credentials credentials) {
        return HttpRequest.newBuilder(uri).header("Authorization", "Token " + credentials.token());
    }

    private int refused(HttpResponse<String> response, PrintStream err) {
        if (response.statusCode() == 401) {
            err.println("The server refused the token: " + messages(response) + " Log in again: " + COMMAND + " login");
        } else {
            err.println("The server refused (" + response.statusCode() + "): " + messages(response));
        }
        return 1;
    }

    /** DRF's error bodies as one line: {@code detail}, or each field's messages. */
    private String messages(HttpResponse<String> response) {
        try {
            JsonNode body = json.readTree(response.body());
            if (body.has("detail")) {
                return printable(body.get("detail").asText());
            }
            List<String> messages = new ArrayList<>();
            for (Map.Entry<String, JsonNode> field : body.properties()) {
                String prefix = field.getKey().equals("non_field_errors") ? "" : field.getKey() + ": ";
                field.getValue().forEach(m -> messages.add(prefix + m.asText()));
            }
            return printable(messages.isEmpty() ? response.body() : String.join(" ", messages));
        } catch (IOException | RuntimeException e) {
            return "HTTP " + response.statusCode();
        }
    }

    /** The server {@code login} talks to: {@code --server}, else {@code TOKENAUTH_EXAMPLE_URL}, else the default. */
    private URI loginServer(Optional<String> option) {
        return serverUri(namedServer(option).orElse(DEFAULT_SERVER));
    }

    /**
     * The server the saved token came from, the only one it is ever sent to. Naming another one is
     * refused rather than followed: following it would hand the key to whoever runs that host.
     */
    private URI tokenServer(Optional<String> option, Credentials credentials) {
        URI saved = serverUri(credentials.server());
        Optional<String> named = namedServer(option);
        if (named.isPresent()) {
            URI asked = serverUri(named.get());
            if (!sameServer(asked, saved)) {
                String source = option.isPresent() ? "--server" : "TOKENAUTH_EXAMPLE_URL";
                throw new WrongServerException("The saved token belongs to " + saved + ", but " + source + " names "
                        + asked + "; it is only sent to the server it came from. To use " + asked
                        + ", log in to it first: " + COMMAND + " login --server " + asked);
            }
        }
        return saved;
    }

    private Optional<String> namedServer(Optional<String> option) {
        return option.or(() -> Optional.ofNullable(env.apply("TOKENAUTH_EXAMPLE_URL")).filter(s -> !s.isBlank()));
    }

    /** Same scheme, host, port (a default one spelled out or not) and path. */
    private static boolean sameServer(URI a, URI b) {
        return a.getScheme().equalsIgnoreCase(b.getScheme()) && a.getHost().equalsIgnoreCase(b.getHost())
                && port(a) == port(b) && Objects.equals(a.getRawPath(), b.getRawPath());
    }

    private static int port(URI uri) {
        return uri.getPort() >= 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    private static URI serverUri(String server) {
        try {
            URI uri = new URI(server.endsWith("/") ? server : server + "/");
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                throw new UsageException("the server must be an http:// or https:// URL, but was '" + server + "'");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new UsageException("the server must be an http:// or https:// URL, but was '" + server + "'");
        }
    }

    private Credentials requireCredentials(PrintStream err) throws IOException {
        Optional<Credentials> credentials = loadCredentials();
        if (credentials.isEmpty()) {
            err.println("Not logged in. Run: " + COMMAND + " login");
            return null;
        }
        return credentials.get();
    }

    private Optional<Credentials> loadCredentials() throws IOException {
        if (!Files.exists(credentialsFile)) {
            return Optional.empty();
        }
        JsonNode stored = json.readTree(credentialsFile.toFile());
        String token = stored.path("token").asText("");
        if (token.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Credentials(stored.path("server").asText(DEFAULT_SERVER),
                stored.path("username").asText(""), token));
    }

    /** Written to a new 0600 file beside the old one, then moved over it: never readable by others, never half-written. */
    private void saveCredentials(Credentials credentials) throws IOException {
        Path dir = credentialsFile.getParent();
        boolean posix = dir.getFileSystem().supportedFileAttributeViews().contains("posix");
        if (!Files.isDirectory(dir)) {
            if (posix) {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(OWNER_ONLY_DIR));
            } else {
                Files.createDirectories(dir);
            }
        }
        FileAttribute<?>[] ownerOnly = posix
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY_FILE)}
                : new FileAttribute<?>[0];
        Path temp = Files.createTempFile(dir, "credentials", ".tmp", ownerOnly);
        try {
            ObjectNode body = json.createObjectNode()
                    .put("server", credentials.server())
                    .put("username", credentials.username())
                    .put("token", credentials.token());
            Files.writeString(temp, json.writeValueAsString(body), StandardCharsets.UTF_8);
            try {
                Files.move(temp, credentialsFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException | FileAlreadyExistsException e) {
                Files.move(temp, credentialsFile, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static String prompt(BufferedReader stdin, PrintStream out, String label) throws IOException {
        out.print(label);
        out.flush();
        return stdin.readLine();
    }

    private static boolean isId(String text) {
        return !text.isEmpty() && text.length() <= 18 && text.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    private static String encodePathSegment(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static int usage(PrintStream err, String problem) {
        err.println(problem);
        err.println(USAGE);
        return 2;
    }

    /** What {@code login} keeps. */
    private record Credentials(String server, String username, String token) {

        @Override
        public String toString() {
            return "Credentials[server=" + server + ", username=" + username + ", token=[PROTECTED]]";
        }
    }

    /** A command that would send the saved token to a server other than the one it came from. */
    private static final class WrongServerException extends RuntimeException {

        private static final long serialVersionUID = 1L;

        WrongServerException(String message) {
            super(message, null, false, false);
        }
    }

    /** The server did not take the connection; the message names it and why. */
    private static final class UnreachableException extends IOException {

        private static final long serialVersionUID = 1L;

        UnreachableException(String message) {
            super(message);
        }
    }

    /** A command line the client cannot run. */
    private static final class UsageException extends RuntimeException {

        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message, null, false, false);
        }
    }
}
