package org.tokenauth.servlet.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What DRF 3.14's {@code SimpleMetadata} answers to {@code OPTIONS} on {@code ObtainAuthToken}. */
public final class Metadata {

    /** The answer, ready for any JSON writer. */
    public static final Map<String, Object> OBTAIN_AUTH_TOKEN = obtainAuthToken();

    private Metadata() {
    }

    private static Map<String, Object> obtainAuthToken() {
        Map<String, Object> actions = new LinkedHashMap<>();
        actions.put("username", field(true, false, "Username"));
        actions.put("password", field(true, false, "Password"));
        actions.put("token", field(false, true, "Token"));
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("name", "Obtain Auth Token");
        metadata.put("description", "");
        metadata.put("renders", List.of("application/json"));
        metadata.put("parses", List.of("application/x-www-form-urlencoded", "multipart/form-data", "application/json"));
        metadata.put("actions", Map.of("POST", actions));
        return java.util.Collections.unmodifiableMap(metadata);
    }

    private static Map<String, Object> field(boolean required, boolean readOnly, String label) {
        Map<String, Object> field = new LinkedHashMap<>();
        field.put("type", "string");
        field.put("required", required);
        field.put("read_only", readOnly);
        field.put("label", label);
        return java.util.Collections.unmodifiableMap(field);
    }
}
