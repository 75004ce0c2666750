package org.tokenauth.example.polls;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.tokenauth.example.web.ApiError;
import org.tokenauth.example.web.DrfTime;
import org.tokenauth.example.web.Fields;
import org.tokenauth.servlet.internal.PythonText;

/**
 * The writable fields of a question, validated with the rules and messages of the DRF serializer
 * this API mirrors. {@code id} and {@code votes} are read-only and ignored, as DRF ignores them;
 * {@code choices} are writable when a question is created, read-only afterwards.
 *
 * @param questionText the text, empty when a partial update leaves it alone
 * @param pubDate      the publication time, empty for "now" (create) or "unchanged" (update)
 * @param choices      the new question's choices' texts; empty for an update
 */
record QuestionInput(Optional<String> questionText, Optional<Instant> pubDate, List<String> choices) {

    /** The most choices one question may have. */
    static final int MAX_CHOICES = 20;

    /**
     * @throws ApiError 400 with every field's errors
     */
    static QuestionInput forCreate(ObjectNode data) {
        return read(data, true, true);
    }

    /**
     * @param partial whether absent fields are left alone (PATCH) rather than required (PUT)
     * @throws ApiError 400 with every field's errors
     */
    static QuestionInput forUpdate(ObjectNode data, boolean partial) {
        return read(data, !partial, false);
    }

    private static QuestionInput read(ObjectNode data, boolean textRequired, boolean withChoices) {
        Fields fields = new Fields(data);
        Optional<String> text = fields.text("question_text", textRequired, Question.MAX_TEXT_LENGTH, true);
        Optional<Instant> pubDate = pubDate(fields);
        List<String> choices = withChoices ? choices(fields) : List.of();
        fields.throwIfInvalid();
        return new QuestionInput(text, pubDate, choices);
    }

    private static Optional<Instant> pubDate(Fields fields) {
        Optional<JsonNode> raw = fields.raw("pub_date");
        if (raw.isEmpty()) {
            return Optional.empty();
        }
        JsonNode node = raw.get();
        if (node.isNull()) {
            fields.error("pub_date", "This field may not be null.");
            return Optional.empty();
        }
        Optional<Instant> parsed = node.isTextual() ? DrfTime.parse(node.asText()) : Optional.empty();
        if (parsed.isEmpty()) {
            fields.error("pub_date", DrfTime.INVALID);
        }
        return parsed;
    }

    /** A DRF nested serializer with {@code many=True}: a list, with one error object per item. */
    private static List<String> choices(Fields fields) {
        Optional<JsonNode> raw = fields.raw("choices");
        if (raw.isEmpty()) {
            return List.of();
        }
        JsonNode node = raw.get();
        if (node.isNull()) {
            fields.error("choices", "This field may not be null.");
            return List.of();
        }
        if (!node.isArray()) {
            fields.error("choices", "Expected a list of items but got type \"" + PythonText.typeName(node) + "\".");
            return List.of();
        }
        if (node.size() > MAX_CHOICES) {
            fields.error("choices", "Ensure this field has no more than " + MAX_CHOICES + " elements.");
            return List.of();
        }
        List<String> texts = new ArrayList<>();
        List<Map<String, Object>> itemErrors = new ArrayList<>();
        boolean invalid = false;
        for (JsonNode item : node) {
            if (!item.isObject()) {
                Map<String, Object> error = new LinkedHashMap<>();
                error.put("non_field_errors", List.of(
                        "Invalid data. Expected a dictionary, but got " + PythonText.typeName(item) + "."));
                itemErrors.add(error);
                invalid = true;
                continue;
            }
            Fields choice = new Fields((ObjectNode) item);
            Optional<String> text = choice.text("choice_text", true, Choice.MAX_TEXT_LENGTH, true);
            if (choice.hasErrors()) {
                itemErrors.add(choice.errors());
                invalid = true;
            } else {
                itemErrors.add(Map.of());
                text.ifPresent(texts::add);
            }
        }
        if (invalid) {
            fields.nestedError("choices", itemErrors);
        }
        return texts;
    }
}
