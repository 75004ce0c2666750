package org.tokenauth.example.polls;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.tokenauth.example.web.DrfTime;

/**
 * A question as the API writes it, field for field what a DRF {@code ModelSerializer} with nested
 * choices writes: {@code {"id", "question_text", "pub_date", "choices": [{"id", "choice_text", "votes"}]}}.
 *
 * @param id           the question's id
 * @param questionText the question
 * @param pubDate      when it was published, ISO-8601 in UTC as DRF writes it
 * @param choices      its choices, oldest first
 * @since 0.1
 */
public record QuestionView(
        @JsonProperty("id") long id,
        @JsonProperty("question_text") String questionText,
        @JsonProperty("pub_date") String pubDate,
        @JsonProperty("choices") List<ChoiceView> choices) {

    /** @throws NullPointerException if a component is {@code null} */
    public QuestionView {
        Objects.requireNonNull(questionText, "questionText");
        Objects.requireNonNull(pubDate, "pubDate");
        choices = List.copyOf(choices);
    }

    /**
     * A choice as the API writes it.
     *
     * @param id         the choice's id
     * @param choiceText the choice
     * @param votes      the votes counted
     * @since 0.1
     */
    public record ChoiceView(
            @JsonProperty("id") long id,
            @JsonProperty("choice_text") String choiceText,
            @JsonProperty("votes") int votes) {
    }

    /** Reads an attached entity: call inside the transaction that loaded it. */
    static QuestionView of(Question question) {
        List<ChoiceView> choices = question.getChoices().stream()
                .sorted(Comparator.comparing(Choice::getId))
                .map(c -> new ChoiceView(c.getId(), c.getChoiceText(), c.getVotes()))
                .toList();
        return new QuestionView(question.getId(), question.getQuestionText(),
                DrfTime.format(question.getPubDate()), choices);
    }
}
