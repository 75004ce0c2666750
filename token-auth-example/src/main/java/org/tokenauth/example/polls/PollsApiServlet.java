package org.tokenauth.example.polls;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Predicate;
import org.tokenauth.core.UserAccount;
import org.tokenauth.example.web.ApiError;
import org.tokenauth.example.web.Json;
import org.tokenauth.example.web.RequestData;
import org.tokenauth.servlet.internal.PythonText;

/**
 * The polls REST API under {@code /polls/api/}, shaped like a DRF router over a
 * {@code ModelViewSet} with one extra {@code vote} action:
 *
 * <ul>
 *   <li>{@code GET /polls/api/} — the API root, linking the collections;
 *   <li>{@code GET|POST /polls/api/questions/} — list (newest first), create;
 *   <li>{@code GET|PUT|PATCH|DELETE /polls/api/questions/{id}/} — one question;
 *   <li>{@code POST /polls/api/questions/{id}/vote/} with {@code {"choice": <id>}} — vote.
 * </ul>
 *
 * <p>Permissions, as a DRF view with an object permission: any authenticated user may read,
 * create and vote; only a question's owner (who created it) or a staff user may replace, patch or
 * delete it, others get 403 {@code {"detail":"You do not have permission to perform this action."}}
 * (after the 404 of an unknown id, as DRF checks object permissions once it has the object). Each
 * user has one vote per question; voting again moves it.
 *
 * Every answer is JSON, errors included; only authenticated requests get this far (the token
 * filter guards the path, and this servlet checks again, to fail closed if it is ever mapped
 * without the filter).
 *
 * @since 0.1
 */
public final class PollsApiServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private static final String COLLECTION_ALLOW = "GET, POST, HEAD, OPTIONS";
    private static final String ITEM_ALLOW = "GET, PUT, PATCH, DELETE, HEAD, OPTIONS";
    private static final String VOTE_ALLOW = "POST, OPTIONS";
    private static final String ROOT_ALLOW = "GET, HEAD, OPTIONS";
    private static final List<String> PARSES =
            List.of("application/json", "application/x-www-form-urlencoded", "multipart/form-data");

    /** Ids longer than this cannot be a {@code long}, and are simply not found. */
    private static final int MAX_ID_DIGITS = 18;

    private static final String FORBIDDEN = "You do not have permission to perform this action.";

    private final transient Polls polls;
    private final transient Predicate<String> isStaff;

    /**
     * @param polls   the polls to serve
     * @param isStaff whether the user of this id is active staff, who may change any question
     */
    public PollsApiServlet(Polls polls, Predicate<String> isStaff) {
        this.polls = Objects.requireNonNull(polls, "polls");
        this.isStaff = Objects.requireNonNull(isStaff, "isStaff");
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!(request.getUserPrincipal() instanceof UserAccount)) {
            response.setHeader("WWW-Authenticate", "Token");
            Json.detail(request, response, HttpServletResponse.SC_UNAUTHORIZED, "Authentication credentials were not provided.");
            return;
        }
        try {
            route(request, response);
        } catch (ApiError e) {
            e.send(request, response);
        }
    }

    private void route(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = Optional.ofNullable(request.getPathInfo()).orElse("");
        String method = request.getMethod();
        if (!path.endsWith("/")) {
            appendSlash(request, response, path);
            return;
        }
        String[] parts = path.substring(1).split("/", -1); // "questions/7/vote/" → [questions, 7, vote, ""]
        int segments = parts.length - 1;
        if (segments == 0) {
            root(request, response, method);
        } else if (segments == 1 && parts[0].equals("questions")) {
            collection(request, response, method);
        } else if (segments == 2 && parts[0].equals("questions")) {
            item(request, response, method, id(parts[1]));
        } else if (segments == 3 && parts[0].equals("questions") && parts[2].equals("vote")) {
            vote(request, response, method, id(parts[1]));
        } else {
            throw ApiError.notFound();
        }
    }

    private void root(HttpServletRequest request, HttpServletResponse response, String method) throws IOException {
        if (isRead(method)) {
            Map<String, String> links = new LinkedHashMap<>();
            links.put("questions", absolute(request, "/polls/api/questions/"));
            Json.write(request, response, HttpServletResponse.SC_OK, links);
        } else if (method.equals("OPTIONS")) {
            options(request, response, "Api Root", ROOT_ALLOW);
        } else {
            Json.methodNotAllowed(request, response, method, ROOT_ALLOW);
        }
    }

    private void collection(HttpServletRequest request, HttpServletResponse response, String method) throws IOException {
        switch (method) {
            case "GET", "HEAD" -> Json.write(request, response, HttpServletResponse.SC_OK, polls.list());
            case "POST" -> {
                QuestionInput input = QuestionInput.forCreate(RequestData.read(request));
                QuestionView created = polls.create(input.questionText().orElseThrow(), input.pubDate(), input.choices(),
                        Optional.of(caller(request).id()));
                response.setHeader("Location", absolute(request, "/polls/api/questions/" + created.id() + "/"));
                Json.write(request, response, HttpServletResponse.SC_CREATED, created);
            }
            case "OPTIONS" -> options(request, response, "Question List", COLLECTION_ALLOW);
            default -> Json.methodNotAllowed(request, response, method, COLLECTION_ALLOW);
        }
    }

    private void item(HttpServletRequest request, HttpServletResponse response, String method, OptionalLong id)
            throws IOException {
        if (!isKnownItemMethod(method)) {
            Json.methodNotAllowed(request, response, method, ITEM_ALLOW);
            return;
        }
        if (id.isEmpty()) {
            throw ApiError.notFound();
        }
        long questionId = id.getAsLong();
        switch (method) {
            case "GET", "HEAD" -> Json.write(request, response, HttpServletResponse.SC_OK,
                    polls.find(questionId).orElseThrow(ApiError::notFound));
            case "PUT", "PATCH" -> {
                ObjectNode data = RequestData.read(request);
                if (polls.find(questionId).isEmpty()) {
                    throw ApiError.notFound(); // DRF looks the object up before it validates
                }
                checkMayChange(request, questionId);
                QuestionInput input = QuestionInput.forUpdate(data, method.equals("PATCH"));
                Json.write(request, response, HttpServletResponse.SC_OK,
                        polls.update(questionId, input.questionText(), input.pubDate()).orElseThrow(ApiError::notFound));
            }
            case "DELETE" -> {
                if (polls.find(questionId).isEmpty()) {
                    throw ApiError.notFound();
                }
                checkMayChange(request, questionId);
                if (!polls.delete(questionId)) {
                    throw ApiError.notFound();
                }
                Json.noBody(request, response, HttpServletResponse.SC_NO_CONTENT);
            }
            default -> options(request, response, "Question Instance", ITEM_ALLOW);
        }
    }

    private void vote(HttpServletRequest request, HttpServletResponse response, String method, OptionalLong id)
            throws IOException {
        if (method.equals("OPTIONS")) {
            options(request, response, "Vote", VOTE_ALLOW);
            return;
        }
        if (!method.equals("POST")) {
            Json.methodNotAllowed(request, response, method, VOTE_ALLOW);
            return;
        }
        if (id.isEmpty()) {
            throw ApiError.notFound();
        }
        ObjectNode data = RequestData.read(request);
        long choiceId = choiceId(data);
        Polls.Vote vote = polls.vote(id.getAsLong(), choiceId, caller(request).id());
        if (vote instanceof Polls.Vote.Counted counted) {
            Json.write(request, response, HttpServletResponse.SC_OK, counted.question());
        } else if (vote instanceof Polls.Vote.NoSuchQuestion) {
            throw ApiError.notFound();
        } else {
            throw ApiError.validation(Json.fieldError("choice", "Invalid pk \"" + choiceId + "\" - object does not exist."));
        }
    }

    private static UserAccount caller(HttpServletRequest request) {
        return (UserAccount) request.getUserPrincipal(); // checked in service()
    }

    /** DRF's object permission: the owner, or staff; 403 for anyone else. */
    private void checkMayChange(HttpServletRequest request, long questionId) {
        String userId = caller(request).id();
        if (!polls.isOwner(questionId, userId) && !isStaff.test(userId)) {
            throw ApiError.detail(HttpServletResponse.SC_FORBIDDEN, FORBIDDEN);
        }
    }

    /** DRF's {@code PrimaryKeyRelatedField}: an integer, or text of one. */
    private static long choiceId(ObjectNode data) {
        JsonNode choice = data.get("choice");
        if (choice == null) {
            throw ApiError.validation(Json.fieldError("choice", "This field is required."));
        }
        if (choice.isNull()) {
            throw ApiError.validation(Json.fieldError("choice", "This field may not be null."));
        }
        if (choice.isIntegralNumber() && choice.canConvertToLong()) {
            return choice.asLong();
        }
        if (choice.isTextual()) {
            String text = choice.asText().strip();
            if (!text.isEmpty() && text.chars().allMatch(c -> c >= '0' && c <= '9')) {
                OptionalLong id = id(text);
                if (id.isEmpty()) { // digits, but too many for an id: no such choice
                    throw ApiError.validation(Json.fieldError("choice", "Invalid pk \"" + text + "\" - object does not exist."));
                }
                return id.getAsLong();
            }
        }
        throw ApiError.validation(Json.fieldError("choice",
                "Incorrect type. Expected pk value, received " + PythonText.typeName(choice) + "."));
    }

    private static OptionalLong id(String segment) {
        if (segment.isEmpty() || segment.length() > MAX_ID_DIGITS) {
            return OptionalLong.empty();
        }
        for (int i = 0; i < segment.length(); i++) {
            if (segment.charAt(i) < '0' || segment.charAt(i) > '9') {
                return OptionalLong.empty();
            }
        }
        return OptionalLong.of(Long.parseLong(segment));
    }

    /** Django's {@code APPEND_SLASH}: a GET without the trailing slash is sent to the URL with it. */
    private static void appendSlash(HttpServletRequest request, HttpServletResponse response, String path)
            throws IOException {
        if (!isRead(request.getMethod())) {
            throw ApiError.notFound();
        }
        String query = request.getQueryString();
        Json.noBody(request, response, HttpServletResponse.SC_MOVED_PERMANENTLY);
        // The request's own, still-encoded path: the decoded one would turn %3F and %23 into a
        // query and a fragment.
        response.setHeader("Location", request.getRequestURI() + "/" + (query == null ? "" : "?" + query));
    }

    private static void options(HttpServletRequest request, HttpServletResponse response, String name, String allow) throws IOException {
        response.setHeader("Allow", allow);
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("name", name);
        metadata.put("description", "");
        metadata.put("renders", List.of("application/json"));
        metadata.put("parses", PARSES);
        Json.write(request, response, HttpServletResponse.SC_OK, metadata);
    }

    private static boolean isRead(String method) {
        return method.equals("GET") || method.equals("HEAD");
    }

    private static boolean isKnownItemMethod(String method) {
        return switch (method) {
            case "GET", "HEAD", "PUT", "PATCH", "DELETE", "OPTIONS" -> true;
            default -> false;
        };
    }

    private static String absolute(HttpServletRequest request, String path) {
        StringBuffer url = request.getRequestURL();
        String base = url.substring(0, url.length() - request.getRequestURI().length());
        return base + request.getContextPath() + path;
    }
}
