package org.tokenauth.example.polls;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

/**
 * One answer to a {@link Question} and its vote count: the tutorial's {@code polls.Choice}, in its
 * table {@code polls_choice}. Votes are only ever added by one SQL {@code UPDATE … SET votes = votes + 1},
 * never by reading and writing the count, so concurrent votes are all counted.
 *
 * @since 0.1
 */
@Entity
@Table(name = "polls_choice")
public class Choice {

    /** The longest choice text, as in the tutorial's model. */
    public static final int MAX_TEXT_LENGTH = 200;

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "question_id", nullable = false)
    private Question question;

    @Column(name = "choice_text", nullable = false, length = MAX_TEXT_LENGTH)
    private String choiceText;

    @Column(name = "votes", nullable = false)
    private int votes;

    /** For JPA. */
    protected Choice() {
    }

    Choice(Question question, String choiceText) {
        this.question = question;
        this.choiceText = choiceText;
    }

    /** @return the generated id; {@code null} before the choice is persisted */
    public Long getId() {
        return id;
    }

    /** @return the question this choice answers */
    public Question getQuestion() {
        return question;
    }

    /** @return the choice */
    public String getChoiceText() {
        return choiceText;
    }

    /** @return the votes counted so far */
    public int getVotes() {
        return votes;
    }
}
