package org.tokenauth.example.polls;

import jakarta.persistence.CascadeType;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderBy;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A poll question: the Django tutorial's {@code polls.Question}, in its table {@code polls_question}.
 *
 * @since 0.1
 */
@Entity
@Table(name = "polls_question")
public class Question {

    /** The longest question text, as in the tutorial's model. */
    public static final int MAX_TEXT_LENGTH = 200;

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "question_text", nullable = false, length = MAX_TEXT_LENGTH)
    private String questionText;

    @Column(name = "pub_date", nullable = false)
    private Instant pubDate;

    /** The user who asked it, who may change or delete it (staff may too); none for the demo questions. */
    @Column(name = "owner_id")
    private Long ownerId;

    @OneToMany(mappedBy = "question", cascade = CascadeType.ALL, orphanRemoval = true)
    @OrderBy("id")
    private List<Choice> choices = new ArrayList<>();

    /** For JPA. */
    protected Question() {
    }

    /**
     * @param questionText the question
     * @param pubDate      when it was published
     */
    public Question(String questionText, Instant pubDate) {
        this(questionText, pubDate, null);
    }

    /**
     * @param questionText the question
     * @param pubDate      when it was published
     * @param ownerId      the id of the user who asked it; {@code null} for none (only staff may change it)
     */
    public Question(String questionText, Instant pubDate, Long ownerId) {
        this.questionText = questionText;
        this.pubDate = pubDate;
        this.ownerId = ownerId;
    }

    /** @return the id of the user who asked it, or {@code null} if nobody owns it */
    public Long getOwnerId() {
        return ownerId;
    }

    /** @return the generated id; {@code null} before the question is persisted */
    public Long getId() {
        return id;
    }

    /** @return the question */
    public String getQuestionText() {
        return questionText;
    }

    /** @param questionText the new question text */
    public void setQuestionText(String questionText) {
        this.questionText = questionText;
    }

    /** @return when it was published */
    public Instant getPubDate() {
        return pubDate;
    }

    /** @param pubDate the new publication time */
    public void setPubDate(Instant pubDate) {
        this.pubDate = pubDate;
    }

    /** @return the choices, in the order they were added (live list: JPA manages it) */
    public List<Choice> getChoices() {
        return choices;
    }

    /**
     * Adds a choice with no votes.
     *
     * @param choiceText the choice
     * @return the new choice
     */
    public Choice addChoice(String choiceText) {
        Choice choice = new Choice(this, choiceText);
        choices.add(choice);
        return choice;
    }
}
