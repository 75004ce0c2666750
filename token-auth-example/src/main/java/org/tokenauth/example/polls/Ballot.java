package org.tokenauth.example.polls;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.UniqueConstraint;

/**
 * One user's vote on one question, in {@code polls_vote}: at most one row per user and question
 * (a unique constraint), so a second vote moves this one instead of adding another. The choice's
 * {@code votes} count is kept in step with these rows by {@link Polls#vote}.
 *
 * @since 0.1
 */
@Entity
@Table(name = "polls_vote",
        uniqueConstraints = @UniqueConstraint(name = "polls_vote_one_per_user", columnNames = {"question_id", "user_id"}))
public class Ballot {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "question_id", nullable = false)
    private long questionId;

    @Column(name = "user_id", nullable = false)
    private long userId;

    @Column(name = "choice_id", nullable = false)
    private long choiceId;

    /** For JPA. */
    protected Ballot() {
    }

    Ballot(long questionId, long userId, long choiceId) {
        this.questionId = questionId;
        this.userId = userId;
        this.choiceId = choiceId;
    }

    long choiceId() {
        return choiceId;
    }

    void moveTo(long choiceId) {
        this.choiceId = choiceId;
    }
}
